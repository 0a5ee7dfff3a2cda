package dev.airlock.approver.store;

/** The store could not be read or written; the message says what was being done. Nothing was half-written. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
