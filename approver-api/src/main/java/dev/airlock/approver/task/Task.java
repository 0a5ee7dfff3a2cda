package dev.airlock.approver.task;

import dev.airlock.approver.policy.TaskFacts;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One agent task: its id (also the user name its credential logs in with), the agent, the declared
 * intent and scope, the SCRAM-SHA-256 verifier of its credential (never the secret), who started
 * it, when, until when it may run, and how it ended.
 */
public record Task(String id, String agent, String intent, TaskFacts.Scope scope, String verifier, String startedBy,
                   Instant startedAt, Instant expiresAt, Optional<Ended> ended) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(startedBy, "startedBy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(ended, "ended");
    }

    /** When and why a task ended. */
    public record Ended(Instant at, String reason) {
    }

    /** Not ended and not past its TTL at {@code now}. */
    public boolean activeAt(Instant now) {
        return ended.isEmpty() && now.isBefore(expiresAt);
    }

    /** The task as a policy sees it. */
    public TaskFacts facts() {
        return new TaskFacts(id, intent, scope);
    }

    /** Without the verifier. */
    @Override
    public String toString() {
        return "Task[id=" + id + ", agent=" + agent + ", expiresAt=" + expiresAt + ", ended=" + ended + "]";
    }
}
