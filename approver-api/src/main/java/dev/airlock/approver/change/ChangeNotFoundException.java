package dev.airlock.approver.change;

import java.util.UUID;

/** No change request has this id. */
public final class ChangeNotFoundException extends RuntimeException {
    public ChangeNotFoundException(UUID id) {
        super("no change request " + id);
    }
}
