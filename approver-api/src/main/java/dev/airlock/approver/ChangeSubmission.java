package dev.airlock.approver;

import dev.airlock.approver.policy.IdentityFacts;
import dev.airlock.approver.policy.StatementFacts;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.sandbox.change.ChangeSet;
import java.util.List;
import java.util.Objects;

/**
 * A change set an agent session wants applied to production: who asks (the agent identity's
 * name), for which task and session, and the exact statements; and, for the approval rules of the
 * policy, the identity and task as policies see them and the gate's facts about each statement
 * ({@code statements} empty, or not one per statement: unknown, so the strictest approval rule
 * applies), and the policy rule that held each statement ({@code heldBy}, shown to reviewers;
 * empty when not known).
 */
public record ChangeSubmission(String agent, String taskId, String sessionId, ChangeSet changeSet,
                               IdentityFacts identity, TaskFacts task, List<StatementFacts> statements,
                               List<String> heldBy) {
    public ChangeSubmission {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(changeSet, "changeSet");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(task, "task");
        statements = List.copyOf(statements);
        heldBy = List.copyOf(heldBy);
        if (agent.isBlank() || taskId.isBlank()) {
            throw new IllegalArgumentException("a change submission names its agent and task");
        }
    }

    /** True when the gate described every statement. */
    public boolean hasStatementFacts() {
        return statements.size() == changeSet.statements().size();
    }
}
