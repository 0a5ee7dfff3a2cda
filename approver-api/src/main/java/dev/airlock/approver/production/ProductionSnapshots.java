package dev.airlock.approver.production;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Production's catalog, read fresh through the read-only role whenever a decision depends on it
 * (filing a change, the drift gate, post-apply verification): a snapshot older than the moment of
 * the decision is exactly the stale view the drift gate exists to catch. Recent snapshots are
 * kept by fingerprint, so the sandbox is handed the same object for the same schema and a task
 * sandbox can be rebuilt from the snapshot its change was computed against.
 *
 * <p>One read-only session is kept for snapshots: a new session starts with empty catalog caches
 * and no prepared catalog queries, which about doubles the cost of PostgreSQL's deparsing
 * functions that dominate a snapshot. A read that finds the kept session busy uses a session of
 * its own; a kept session that fails (production restarted, say) is dropped and the read is
 * tried once more on a fresh one.
 */
public final class ProductionSnapshots implements AutoCloseable {
    private static final int KEEP = 8;

    private final ReadOnlyProduction production;
    private final Duration timeout;
    private final ReentrantLock keptSessionLock = new ReentrantLock();
    private Connection keptSession;
    private final Map<String, CatalogSnapshot> byFingerprint = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CatalogSnapshot> eldest) {
            return size() > KEEP;
        }
    };

    public ProductionSnapshots(ReadOnlyProduction production, Duration timeout) {
        this.production = production;
        this.timeout = timeout;
    }

    /** Reads production now; throws {@link ProductionUnavailableException} when it cannot. */
    public CatalogSnapshot current() {
        CatalogSnapshot snapshot;
        try {
            snapshot = read();
        } catch (SQLException e) {
            throw new ProductionUnavailableException("cannot read production's catalog through the read-only role: "
                    + e.getMessage(), e);
        }
        synchronized (byFingerprint) {
            CatalogSnapshot known = byFingerprint.putIfAbsent(snapshot.fingerprint(), snapshot);
            return known == null ? snapshot : known;
        }
    }

    private CatalogSnapshot read() throws SQLException {
        if (!keptSessionLock.tryLock()) {
            try (Connection own = production.open()) {
                return Sandbox.snapshot(own, timeout);
            }
        }
        try {
            if (keptSession != null) {
                try {
                    return Sandbox.snapshot(keptSession, timeout);
                } catch (SQLException e) {
                    closeKeptSession();
                }
            }
            keptSession = production.open();
            return Sandbox.snapshot(keptSession, timeout);
        } catch (SQLException e) {
            closeKeptSession();
            throw e;
        } finally {
            keptSessionLock.unlock();
        }
    }

    private void closeKeptSession() {
        if (keptSession != null) {
            try {
                keptSession.close();
            } catch (SQLException ignored) {
                // it failed already; a fresh one replaces it
            }
            keptSession = null;
        }
    }

    /** Closes the kept session. */
    @Override
    public void close() {
        keptSessionLock.lock();
        try {
            closeKeptSession();
        } finally {
            keptSessionLock.unlock();
        }
    }

    /** A snapshot seen earlier with this fingerprint, or null. */
    public CatalogSnapshot known(String fingerprint) {
        synchronized (byFingerprint) {
            return byFingerprint.get(fingerprint);
        }
    }
}
