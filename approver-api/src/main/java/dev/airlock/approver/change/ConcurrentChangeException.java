package dev.airlock.approver.change;

import java.util.UUID;

/**
 * Someone else changed the change request between our read and our write (its version moved);
 * nothing of ours was written. Reload and decide again.
 */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConcurrentChangeException(UUID id, long expectedVersion) {
        super("change " + id + " was modified concurrently (expected version " + expectedVersion
                + "); nothing was written, reload it and try again");
    }
}
