package dev.airlock.approver.policy;

import java.time.Instant;
import java.util.Objects;

/** What a statement rule is evaluated over. */
public record StatementContext(IdentityFacts identity, TaskFacts task, StatementFacts statement, Instant now) {
    public StatementContext {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(now, "now");
    }
}
