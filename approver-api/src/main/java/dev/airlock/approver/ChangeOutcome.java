package dev.airlock.approver;

import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ProductionResult;
import java.util.List;
import java.util.UUID;

/**
 * How a change request settled, for the session waiting on it: APPLIED with production's
 * per-statement results; FAILED with the results so far (the failing statement's SQLSTATE and
 * message); REJECTED, EXPIRED, CANCELLED or NEEDS_REAPPROVAL with the reason.
 */
public record ChangeOutcome(UUID id, ChangeState state, String reason, List<ProductionResult> results) {
    public ChangeOutcome {
        results = List.copyOf(results);
    }
}
