package dev.airlock.approver.change;

import java.time.Instant;
import java.util.UUID;

/**
 * One reviewer's decision on a change request, with the effect hash it was made against (an
 * approval counts toward the quorum only while that is still the change's effect).
 */
public record Approval(UUID changeId, String approver, Decision decision, String comment, String effectSha256,
                       Instant at) {
    public enum Decision { APPROVE, REJECT }
}
