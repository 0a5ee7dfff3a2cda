package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.store.Store;
import dev.airlock.approver.store.StorePools;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.support.Planes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A store whose audit log was written one record per row (V2) keeps its chain when migrated to blocks. */
class AuditMigrationTest {
    @Test
    void recordsWrittenAsRowsVerifyUnchangedAfterTheMoveToBlocks() throws Exception {
        StoreSettings settings = Planes.h2();
        List<AuditRecord> written = new ArrayList<>();
        try (var pool = StorePools.open(settings, "migration-test", 2, Duration.ofSeconds(5))) {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").target("4").load().migrate();
            AuditChain chain = new AuditChain();
            String previous = AuditChain.GENESIS;
            for (int i = 1; i <= 2_500; i++) {
                AuditRecord record = chain.link(i, previous, AuditLogContract.event(i));
                written.add(record);
                previous = record.hash();
            }
            insertAsRows(pool, written);
        }

        try (Store migrated = Store.open(settings, Clock.systemUTC()); AuditTable table = AuditTable.open(settings)) {
            List<AuditRecord> read = new ArrayList<>();
            table.forEach(read::add);

            assertThat(read).isEqualTo(written);
            assertThat(new AuditVerifier(table).verify()).isEqualTo(new AuditVerdict.Intact(2_500));
        }
    }

    private static void insertAsRows(DataSource pool, List<AuditRecord> records) throws Exception {
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_record (sequence, recorded_at, kind, actor, session_id, subject, payload,"
                        + " previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditRecord record : records) {
                insert.setLong(1, record.sequence());
                insert.setObject(2, OffsetDateTime.ofInstant(record.at(), ZoneOffset.UTC));
                insert.setString(3, record.kind().name());
                insert.setString(4, record.actor());
                insert.setString(5, record.sessionId());
                insert.setString(6, record.subject());
                insert.setString(7, record.payloadJson());
                insert.setString(8, record.previousHash());
                insert.setString(9, record.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
