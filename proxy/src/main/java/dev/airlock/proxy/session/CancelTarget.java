package dev.airlock.proxy.session;

/** A session a CancelRequest can reach. */
interface CancelTarget {
    /** Forwards a cancel for whatever the session is running on production; no-op when idle. */
    void cancelRunningStatement();
}
