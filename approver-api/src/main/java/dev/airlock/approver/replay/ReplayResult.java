package dev.airlock.approver.replay;

import dev.airlock.approver.change.ProductionResult;
import java.util.List;

/**
 * How a replay ended: {@code committed} (every statement ran and the transaction, with its
 * marker, committed), or not, with production's results so far and the reason.
 * {@code outcomeUnknown}: Airlock cannot tell whether production kept the change (the connection
 * died during COMMIT, or a statement ended the transaction itself), so crash resolution decides.
 */
record ReplayResult(boolean committed, boolean outcomeUnknown, List<ProductionResult> results, String reason) {
    ReplayResult {
        results = List.copyOf(results);
    }
}
