package dev.airlock.approver;

import dev.airlock.sandbox.change.ChangeSet;
import java.util.Objects;

/**
 * A change set an agent session wants applied to production: who asks (the agent identity's
 * name), for which task and session, and the exact statements.
 */
public record ChangeSubmission(String agent, String taskId, String sessionId, ChangeSet changeSet) {
    public ChangeSubmission {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(changeSet, "changeSet");
        if (agent.isBlank() || taskId.isBlank()) {
            throw new IllegalArgumentException("a change submission names its agent and task");
        }
    }
}
