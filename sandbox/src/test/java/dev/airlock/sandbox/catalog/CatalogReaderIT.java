package dev.airlock.sandbox.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.support.SharedServers;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServers.class)
class CatalogReaderIT {
    @Test
    void pagilaSnapshotHoldsItsObjects() throws Exception {
        SharedServers.ensureLoaded(SharedServers.PAGILA);
        try (Connection connection = SharedServers.production().superuserConnection(SharedServers.PAGILA)) {
            long start = System.nanoTime();
            CatalogSnapshot snapshot = CatalogReader.readAsIs(connection, Duration.ofSeconds(30));
            long ms = (System.nanoTime() - start) / 1_000_000;
            org.slf4j.LoggerFactory.getLogger(getClass()).info("pagila snapshot {} ms, {} tables, json {} chars",
                    ms, snapshot.tables().size(), snapshot.canonicalJson().length());
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/pagila-snapshot.json"), snapshot.canonicalJson());
            assertThat(snapshot.tables()).extracting(Table::name).contains("film", "payment", "payment_p2022_01");
        }
    }
}
