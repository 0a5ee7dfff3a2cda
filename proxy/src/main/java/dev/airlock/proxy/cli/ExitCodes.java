package dev.airlock.proxy.cli;

/** Exit codes of the airlock command, stable for scripts. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFIG = 3;
    static final int CHECK_FAILED = 4;
    /** {@code audit verify}: the chain is broken. */
    static final int CHAIN_BROKEN = 5;
    /** The API refused the token: missing, unknown, or not allowed to do this (HTTP 401, 403). */
    static final int DENIED = 6;
    /** The API has no such change, task or agent (HTTP 404). */
    static final int NOT_FOUND = 7;
    /** The change moved on, or is in a state that does not allow this (HTTP 409): nothing was done. */
    static final int CONFLICT = 8;

    private ExitCodes() {
    }
}
