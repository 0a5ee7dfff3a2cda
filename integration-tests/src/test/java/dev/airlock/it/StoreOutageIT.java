package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approver.audit.AuditLog;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.audit.AuditRecord;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane's PostgreSQL store goes down under a reading application. Airlock keeps serving
 * while the audit records can wait in memory (a backlog of 32 here), then refuses statements and
 * connections with 53000 rather than serve anything unrecorded; once the store is back it serves
 * again, and the audit chain holds one record for every statement it served, outage included.
 */
class StoreOutageIT {
    private static final int BACKLOG = 32;
    private static final int BATCH = 8;
    private static EmbeddedServer storeServer;
    private static StoreSettings store;
    private static AgentWorld world;

    @BeforeAll
    static void start() {
        storeServer = EmbeddedServer.start("outage-store", Map.of());
        storeServer.execute("postgres", "CREATE ROLE outage_store LOGIN PASSWORD 'outage-store-secret'");
        storeServer.execute("postgres", "CREATE DATABASE airlock_store OWNER outage_store");
        store = new StoreSettings.Postgres(storeServer.jdbcUrl("airlock_store"), "outage_store", "outage-store-secret");
        world = AgentWorld.start("store_outage", List.of(), Optional.empty(), Map.of(), store,
                new AuditLogSettings(BACKLOG, BATCH));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        if (storeServer != null) {
            storeServer.close();
        }
    }

    @Test
    void withTheStoreDownNothingIsServedUnrecordedAndServiceResumesWhenItIsBack() throws Exception {
        int served = 0;
        try (Connection application = world.airlock.connect(); Statement statement = application.createStatement()) {
            probe(statement);
            served++;
            storeServer.stopFast();
            SQLException refused = null;
            try {
                probe(statement);
                served++;
                awaitWriterHoldingWhatItCannotStore();
                for (int i = 0; i < BACKLOG * 4 && refused == null; i++) {
                    try {
                        probe(statement);
                        served++;
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                assertThat((Throwable) refused).as("a statement refused once the backlog is full").isNotNull();
                assertThat(refused.getSQLState()).isEqualTo("53000");
                // in memory: the queue, and the batch the writer took from it and keeps trying to store
                assertThat(served).as("statements served with the store down").isLessThanOrEqualTo(1 + BACKLOG + BATCH);
                assertThatThrownBy(() -> world.airlock.connect()).as("a new connection cannot be recorded either")
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53000"));
            } finally {
                storeServer.startAgain();
            }
            served += awaitServedAgain(statement);
        }
        try (AuditTable table = AuditTable.open(store)) {
            assertThat(new AuditVerifier(table).verify()).isInstanceOf(AuditVerdict.Intact.class);
            List<AuditRecord> probes = table.newest(record -> record.payloadJson().contains("outage_probe")
                    && record.payloadJson().contains("\"relay\""), 10_000);
            assertThat(probes).as("one record for every statement served").hasSize(served);
        }
    }

    /**
     * Waits until the audit writer has failed to store the batch it took: from then on it takes
     * nothing more from its queue, so a full queue stays full (before, a batch taken a moment
     * after the store went down would free room in the queue).
     */
    private static void awaitWriterHoldingWhatItCannotStore() throws InterruptedException {
        AuditLog log = (AuditLog) world.controlPlane.auditSink();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!log.storeDown()) {
            assertThat(System.nanoTime()).as("the audit writer never noticed the store was down").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void probe(Statement statement) throws SQLException {
        statement.executeQuery("SELECT count(*) AS outage_probe FROM notes").close();
    }

    /** Probes until one is served again (the writer catches up first); returns how many were served. */
    private static int awaitServedAgain(Statement statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                probe(statement);
                return 1;
            } catch (SQLException stillFull) {
                assertThat(stillFull.getSQLState()).isEqualTo("53000");
                assertThat(System.nanoTime()).as("service did not resume after the store came back").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }
}
