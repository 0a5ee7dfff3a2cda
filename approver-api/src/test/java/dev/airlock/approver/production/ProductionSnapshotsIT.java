package dev.airlock.approver.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Snapshots reuse one read-only session, and a session production ended is replaced without failing the read. */
class ProductionSnapshotsIT {
    private static final String SESSIONS = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'airlock-control-plane'"
            + " AND datname = current_database()";

    @Test
    void snapshotsReuseOneSessionAndSurviveItsTermination() {
        String database = Servers.newProductionDatabase("snapshots", "CREATE TABLE kept (id int PRIMARY KEY)");
        Servers.onProduction(database, "GRANT SELECT ON kept TO " + Servers.READ_ONLY_ROLE);
        ReadOnlyProduction production = new ReadOnlyProduction(new ProductionSettings(
                Servers.production().jdbcUrl(database), Servers.READ_ONLY_ROLE, Servers.READ_ONLY_PASSWORD));
        try (ProductionSnapshots snapshots = new ProductionSnapshots(production, Duration.ofSeconds(20))) {
            CatalogSnapshot first = snapshots.current();
            CatalogSnapshot second = snapshots.current();
            assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
            assertThat(Servers.queryProduction(database, SESSIONS)).isEqualTo("1");

            Servers.onProduction(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'airlock-control-plane' AND datname = current_database()");
            Servers.onProduction(database, "CREATE TABLE added_after (id int)");

            CatalogSnapshot afterTermination = snapshots.current();
            assertThat(afterTermination.fingerprint()).isNotEqualTo(first.fingerprint());
            assertThat(Servers.queryProduction(database, SESSIONS)).isEqualTo("1");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Servers.queryProduction(database, SESSIONS).equals("0") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Servers.queryProduction(database, SESSIONS)).as("sessions left after close").isEqualTo("0");
    }
}
