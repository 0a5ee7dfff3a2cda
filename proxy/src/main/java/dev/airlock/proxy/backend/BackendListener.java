package dev.airlock.proxy.backend;

/** Receives what a production connection sends, on that connection's event loop. */
public interface BackendListener {
    /** Messages from one read; the listener owns them and must release or forward them. */
    void onServerMessages(ServerMessages messages);

    /** The end of one read from the socket: the moment to flush what was relayed. */
    void onServerReadComplete();

    void onBackendWritabilityChanged(boolean writable);

    void onBackendClosed(Throwable cause);
}
