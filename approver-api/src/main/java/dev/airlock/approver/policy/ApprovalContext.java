package dev.airlock.approver.policy;

import java.time.Instant;
import java.util.Objects;

/** What an approval rule is evaluated over: the held statement and its computed effect. */
public record ApprovalContext(IdentityFacts identity, TaskFacts task, StatementFacts statement, ChangeFacts change,
                              Instant now) {
    public ApprovalContext {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(now, "now");
    }
}
