package dev.airlock.approver.policy;

import dev.airlock.sandbox.effect.Effect;
import dev.airlock.sandbox.lint.RiskLevel;
import dev.airlock.sandbox.rows.AffectedRows;
import java.util.List;
import java.util.Locale;
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

    /** The facts of a computed effect; affected rows are the sum of the estimates, null if any is unknown. */
    public static ChangeFacts of(Effect effect) {
        long rows = 0;
        boolean known = true;
        for (AffectedRows affected : effect.affectedRows()) {
            if (affected.estimate() == null) {
                known = false;
            } else {
                rows += affected.estimate();
            }
        }
        return new ChangeFacts(effect.risk(),
                effect.lints().stream().map(lint -> new Lint(lint.code(), lint.risk())).toList(),
                effect.schemaChanges().stream().map(change -> new SchemaChange(
                        change.kind().name().toLowerCase(Locale.ROOT), change.identity(),
                        Direction.valueOf(change.change().name()))).toList(),
                effect.accessChanges().stream().map(change -> new AccessChange(change.role(), change.privilege(),
                        change.object(), change.change() == dev.airlock.sandbox.access.AccessChange.Change.GAINED)).toList(),
                effect.impact() == null ? List.of() : effect.impact().rewrittenRelations(),
                known ? OptionalLong.of(rows) : OptionalLong.empty());
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
