package dev.airlock.approver.production;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Production's catalog, read fresh through the read-only role whenever a decision depends on it
 * (filing a change, the drift gate, post-apply verification): a snapshot older than the moment of
 * the decision is exactly the stale view the drift gate exists to catch. Recent snapshots are
 * kept by fingerprint, so the sandbox is handed the same object for the same schema and a task
 * sandbox can be rebuilt from the snapshot its change was computed against.
 */
public final class ProductionSnapshots {
    private static final int KEEP = 8;

    private final ReadOnlyProduction production;
    private final Duration timeout;
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
        try (Connection connection = production.open()) {
            CatalogSnapshot snapshot = Sandbox.snapshot(connection, timeout);
            String fingerprint = snapshot.fingerprint();
            synchronized (byFingerprint) {
                CatalogSnapshot known = byFingerprint.putIfAbsent(fingerprint, snapshot);
                return known == null ? snapshot : known;
            }
        } catch (SQLException e) {
            throw new ProductionUnavailableException("cannot read production's catalog through the read-only role: "
                    + e.getMessage(), e);
        }
    }

    /** A snapshot seen earlier with this fingerprint, or null. */
    public CatalogSnapshot known(String fingerprint) {
        synchronized (byFingerprint) {
            return byFingerprint.get(fingerprint);
        }
    }
}
