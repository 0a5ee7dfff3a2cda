package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.sql.SandboxMessage;
import java.util.List;

/**
 * What happened to one statement of a change set in the sandbox (1-based {@code index}): how it
 * ran, the command tag and row count PostgreSQL returned, its notices, and its error if it failed
 * (PostgreSQL's SQLSTATE, message and position in the statement) or Airlock's reason if it was
 * not run.
 */
public record StatementResult(int index, Execution execution, String commandTag, Long rowCount,
                              List<SandboxMessage> notices, SandboxMessage error) {
    public enum Execution {
        /** Run inside the change set's transaction. */
        IN_TRANSACTION,
        /** Run on its own, outside any transaction (CREATE INDEX CONCURRENTLY and the like). */
        ON_ITS_OWN,
        /** BEGIN / START TRANSACTION: the change set is one transaction already. */
        SKIPPED,
        /** Not run: an earlier statement failed. */
        NOT_RUN,
        /** Not run: the sandbox refuses this kind of statement. */
        REFUSED
    }

    public StatementResult {
        notices = List.copyOf(notices);
    }
}
