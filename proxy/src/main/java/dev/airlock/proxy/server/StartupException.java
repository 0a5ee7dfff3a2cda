package dev.airlock.proxy.server;

/** Airlock refuses to start; the message says what it found and what to fix. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
