package dev.airlock.sandbox.server;

/** The sandbox could not do what was asked; the message says what and why. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }

    public SandboxException(String message) {
        super(message);
    }
}
