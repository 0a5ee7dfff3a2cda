package dev.airlock.approver.store;

import dev.airlock.approver.change.ChangeState;
import dev.airlock.sandbox.lint.RiskLevel;

/** Which change requests to list; a null field does not filter. Newest first, at most {@code limit}. */
public record ChangeFilter(ChangeState state, String agent, String taskId, RiskLevel risk, int limit) {
    public static final int DEFAULT_LIMIT = 200;

    public ChangeFilter {
        if (limit <= 0 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1-1000, not " + limit);
        }
    }

    public static ChangeFilter all() {
        return new ChangeFilter(null, null, null, null, DEFAULT_LIMIT);
    }
}
