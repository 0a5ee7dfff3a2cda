package dev.airlock.approver.approval;

/**
 * A reviewer's decision that was refused, and why; nothing was changed. {@link Reason} tells the
 * REST layer which status to answer with.
 */
public final class DecisionRefusedException extends RuntimeException {
    public enum Reason {
        /** The reviewer is the identity that asked for the change. */
        SELF_APPROVAL,
        /** The hashes the reviewer saw are not the change's hashes now. */
        HASH_MISMATCH,
        /** The change is not waiting for this decision (already decided, expired, ...). */
        NOT_DECIDABLE,
        /** This reviewer already approved this effect. */
        ALREADY_APPROVED,
        /** The policy asked for approvers of a group this reviewer is not in. */
        NOT_IN_GROUP
    }

    private final Reason reason;

    public DecisionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
