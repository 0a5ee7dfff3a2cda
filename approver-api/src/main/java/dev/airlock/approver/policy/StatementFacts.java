package dev.airlock.approver.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One statement as a policy sees it: CEL variable {@code statement}. Names in {@code reads} and
 * {@code writes} are qualified ({@code schema.table}); a write target the gate could not resolve is
 * the single name {@value #ANY}, which a policy must treat as "could be anything".
 * {@code command} is the statement's leading keyword, upper case ({@code SELECT}, {@code DROP},
 * {@code GRANT}): it lets a rule tell a DROP from an ALTER before any effect is computed.
 */
public record StatementFacts(StatementKind kind, String command, String textSha256, List<String> reads,
                             List<String> writes, List<String> functions) {
    /** The write target of a statement whose targets are unknown. */
    public static final String ANY = "*";

    public StatementFacts {
        Objects.requireNonNull(kind, "kind");
        command = command == null ? "" : command.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(textSha256, "textSha256");
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
        functions = List.copyOf(functions);
    }
}
