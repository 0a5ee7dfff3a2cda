package dev.airlock.approver.change;

import java.time.Instant;
import java.util.UUID;

/** One recorded move of a change request: from, to, who made it and why, and when. */
public record Transition(UUID changeId, ChangeState from, ChangeState to, String actor, String reason, Instant at) {
}
