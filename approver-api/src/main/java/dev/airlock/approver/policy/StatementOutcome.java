package dev.airlock.approver.policy;

import java.util.Objects;

/** What a statement rule says: let it run, hold it for review, or refuse it. */
public sealed interface StatementOutcome {
    /** Let the statement run. */
    record Allow() implements StatementOutcome {
    }

    /** Hold the statement as a change request for review. */
    record Hold() implements StatementOutcome {
    }

    /** Refuse the statement, with the message the client is shown. */
    record Deny(String message) implements StatementOutcome {
        public Deny {
            Objects.requireNonNull(message, "message");
        }
    }
}
