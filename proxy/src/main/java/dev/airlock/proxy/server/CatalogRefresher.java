package dev.airlock.proxy.server;

import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.backend.ProductionJdbc;
import dev.airlock.proxy.catalog.CatalogLoader;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.gate.Gate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads production's catalog on a timer (and on request, after a change is applied) and hands
 * it to the gate. A failed refresh keeps the previous catalog and is logged; the gate never runs
 * without one.
 */
final class CatalogRefresher {
    private static final Logger log = LoggerFactory.getLogger(CatalogRefresher.class);

    private final ProductionEndpoint endpoint;
    private final Gate gate;
    private final ScheduledExecutorService scheduler;

    CatalogRefresher(ProductionEndpoint endpoint, Gate gate, ScheduledExecutorService scheduler) {
        this.endpoint = endpoint;
        this.gate = gate;
        this.scheduler = scheduler;
    }

    static ProductionCatalog load(ProductionEndpoint endpoint) throws SQLException {
        try (Connection connection = ProductionJdbc.open(endpoint, "catalog")) {
            return CatalogLoader.load(connection);
        }
    }

    void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refreshNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refreshNow() {
        try {
            gate.updateCatalog(load(endpoint));
        } catch (SQLException | RuntimeException e) {
            log.warn("could not refresh production's catalog; the gate keeps the previous one: {}", e.getMessage());
        }
    }
}
