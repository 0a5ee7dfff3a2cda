package dev.airlock.approver.policy;

import dev.airlock.sandbox.lint.RiskLevel;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The computed effect of a held change, as an approval rule sees it: CEL variable {@code change}.
 * Risk levels and change kinds reach CEL as lower-case strings ({@code "high"}, {@code "added"});
 * {@code affected_rows} is {@code null} when the sandbox could not count them.
 */
public record ChangeFacts(RiskLevel risk, List<Lint> lints, List<SchemaChange> schemaChanges,
                          List<AccessChange> accessChanges, List<String> tablesRewritten, OptionalLong affectedRows) {
    public ChangeFacts {
        Objects.requireNonNull(risk, "risk");
        lints = List.copyOf(lints);
        schemaChanges = List.copyOf(schemaChanges);
        accessChanges = List.copyOf(accessChanges);
        tablesRewritten = List.copyOf(tablesRewritten);
        Objects.requireNonNull(affectedRows, "affectedRows");
    }

    /** A lint finding: its code and how risky it is. */
    public record Lint(String code, RiskLevel risk) {
    }

    /** A schema object added, removed or changed; {@code kind} is lower case ({@code table}, {@code role}). */
    public record SchemaChange(String kind, String name, Direction change) {
    }

    /** A privilege a role gained or lost on an object; {@code role} is {@code PUBLIC} for everyone. */
    public record AccessChange(String role, String privilege, String object, boolean gained) {
    }

    /** What happened to a schema object. */
    public enum Direction { ADDED, REMOVED, CHANGED }
}
