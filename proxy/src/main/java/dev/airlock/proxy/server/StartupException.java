package dev.airlock.proxy.server;

/**
 * Airlock refuses to start; the message says what it found and what to fix. {@link #unsafeCredential()}
 * tells the command line to exit with the self-check's own code.
 */
public final class StartupException extends RuntimeException {
    private final boolean unsafeCredential;

    public StartupException(String message) {
        super(message);
        this.unsafeCredential = false;
    }

    private StartupException(String message, boolean unsafeCredential) {
        super(message);
        this.unsafeCredential = unsafeCredential;
    }

    /** The production read-only credential turned out able to write. */
    public static StartupException unsafeCredential(String message) {
        return new StartupException(message, true);
    }

    public boolean unsafeCredential() {
        return unsafeCredential;
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
        this.unsafeCredential = false;
    }
}
