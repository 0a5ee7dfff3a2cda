package dev.airlock.proxy.gate;

import dev.airlock.proxy.protocol.SqlState;
import java.util.Set;

/**
 * The gate's decision about one statement: its kind, the reason in words a DBA understands, and
 * what it reads, writes and calls. A FORBIDDEN statement carries the SQLSTATE of its refusal;
 * {@code sessionState} marks refusals that concern only the session (SET ROLE, SET
 * default_transaction_read_only...): inside a change set they become part of the change.
 */
public record Classification(StatementKind kind, String reason, SqlState refusal, boolean sessionState,
        Set<String> reads, Set<String> writes, Set<String> functions, Set<String> operators) {

    public Classification {
        reads = Set.copyOf(reads);
        writes = Set.copyOf(writes);
        functions = Set.copyOf(functions);
        operators = Set.copyOf(operators);
    }

    public static Classification of(StatementKind kind, String reason) {
        return new Classification(kind, reason, null, false, Set.of(), Set.of(), Set.of(), Set.of());
    }

    public static Classification forbidden(SqlState refusal, String reason) {
        return new Classification(StatementKind.FORBIDDEN, reason, refusal, false, Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** Refused when it stands alone; part of the change when it comes with one. */
    public static Classification forbiddenSessionState(SqlState refusal, String reason) {
        return new Classification(StatementKind.FORBIDDEN, reason, refusal, true, Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * Whether this decision may be cached for the statement's shape. Running out of parse time
     * depends on the machine at that moment (JIT, load), not only on the statement, so a timeout is
     * never remembered: the next identical statement is analysed afresh.
     */
    public boolean isRepeatable() {
        return refusal != SqlState.STATEMENT_TOO_COMPLEX;
    }

    public Classification withReason(String newReason) {
        return new Classification(kind, newReason, refusal, sessionState, reads, writes, functions, operators);
    }

    /** This classification with the objects the statement writes (see {@link WriteTargets}). */
    public Classification withWrites(Set<String> objects) {
        return new Classification(kind, reason, refusal, sessionState, reads, objects, functions, operators);
    }
}
