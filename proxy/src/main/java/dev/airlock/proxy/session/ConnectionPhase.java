package dev.airlock.proxy.session;

/** One stage of a client connection's life: start-up, authentication, then the session. */
interface ConnectionPhase {
    /** A decoded message; the phase owns it and releases what it does not pass on. */
    void onMessage(Object message);

    default void onReadComplete() {
    }

    default void onWritabilityChanged(boolean writable) {
    }

    default void onClose() {
    }
}
