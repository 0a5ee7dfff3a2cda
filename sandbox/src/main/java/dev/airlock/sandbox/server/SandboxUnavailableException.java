package dev.airlock.sandbox.server;

/**
 * The sandbox server cannot be reached or stopped answering. Nothing was changed on Airlock's
 * side; the same request can be made again once the server is back.
 */
public final class SandboxUnavailableException extends SandboxException {
    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
