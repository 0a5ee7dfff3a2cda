package dev.airlock.approver.change;

import java.util.UUID;

/** A move the state machine does not allow (for instance APPLIED → PENDING); nothing was changed. */
public final class IllegalTransitionException extends RuntimeException {
    private final ChangeState from;
    private final ChangeState to;

    public IllegalTransitionException(UUID id, ChangeState from, ChangeState to) {
        super("change " + id + " cannot move from " + from + " to " + to + "; allowed from " + from + ": "
                + (from.next().isEmpty() ? "nothing (final state)" : from.next()));
        this.from = from;
        this.to = to;
    }

    public ChangeState from() {
        return from;
    }

    public ChangeState to() {
        return to;
    }
}
