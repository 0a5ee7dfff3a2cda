package dev.airlock.proxy.cli;

/** Exit codes of the airlock command, stable for scripts. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFIG = 3;
    static final int CHECK_FAILED = 4;

    private ExitCodes() {
    }
}
