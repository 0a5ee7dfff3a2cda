package dev.airlock.approver.change;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a change request and the only moves between them.
 *
 * <pre>
 *   PENDING ──quorum──▶ APPROVED ──executor──▶ EXECUTING ──▶ APPLIED | FAILED
 *      │                   │
 *      ├─▶ REJECTED | EXPIRED | CANCELLED
 *      └───────────────────┴──drift──▶ NEEDS_REAPPROVAL ──▶ PENDING (recomputed effect) | CANCELLED | EXPIRED
 * </pre>
 *
 * A state is <em>settled</em> when a waiting agent can be told the outcome: every terminal state,
 * and NEEDS_REAPPROVAL (the agent's change will not run as approved; a human must look again).
 */
public enum ChangeState {
    PENDING,
    APPROVED,
    EXECUTING,
    APPLIED,
    FAILED,
    REJECTED,
    EXPIRED,
    CANCELLED,
    NEEDS_REAPPROVAL;

    /** The states this one may move to; empty for terminal states. */
    public Set<ChangeState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(APPROVED, REJECTED, EXPIRED, CANCELLED, NEEDS_REAPPROVAL);
            case APPROVED -> EnumSet.of(EXECUTING, NEEDS_REAPPROVAL);
            case EXECUTING -> EnumSet.of(APPLIED, FAILED);
            case NEEDS_REAPPROVAL -> EnumSet.of(PENDING, CANCELLED, EXPIRED);
            case APPLIED, FAILED, REJECTED, EXPIRED, CANCELLED -> EnumSet.noneOf(ChangeState.class);
        };
    }

    public boolean canMoveTo(ChangeState target) {
        return next().contains(target);
    }

    public boolean terminal() {
        return next().isEmpty();
    }

    /** Terminal, or waiting for a human to approve a recomputed effect: a waiting agent is answered. */
    public boolean settled() {
        return terminal() || this == NEEDS_REAPPROVAL;
    }
}
