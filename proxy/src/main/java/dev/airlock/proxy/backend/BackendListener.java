package dev.airlock.proxy.backend;

/** Receives what a production connection sends, on that connection's event loop. */
public interface BackendListener {
    /** One frame; the listener owns it and must release or forward it. */
    void onServerFrame(ServerFrame frame);

    /** The end of one read from the socket: the moment to flush what was relayed. */
    void onServerReadComplete();

    void onBackendWritabilityChanged(boolean writable);

    void onBackendClosed(Throwable cause);
}
