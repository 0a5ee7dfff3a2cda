package dev.airlock.approver.task;

import dev.airlock.approver.policy.TaskFacts;
import java.time.Duration;
import java.util.Optional;

/**
 * What starting a task asks for: the agent, the declared intent (free text, shown to reviewers),
 * the scope, and a TTL (empty: the configured default).
 */
public record TaskRequest(String agent, String intent, TaskFacts.Scope scope, Optional<Duration> ttl) {
    public TaskRequest {
        scope = scope == null ? TaskFacts.Scope.EMPTY : scope;
        ttl = ttl == null ? Optional.empty() : ttl;
    }
}
