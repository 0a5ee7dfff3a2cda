package dev.airlock.proxy.backend;

/** Airlock could not open an authenticated connection to production; the message says why. */
public final class BackendConnectException extends RuntimeException {
    public BackendConnectException(String message) {
        super(message);
    }

    public BackendConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
