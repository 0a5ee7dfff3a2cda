package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.airlock.approver.audit.AuditVerdict.Damage;
import dev.airlock.approver.store.Store;
import dev.airlock.approver.store.StorePools;
import dev.airlock.approver.store.StoreSettings;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * What the audit log promises, whatever the database: subclasses open the store on H2 and on
 * PostgreSQL and run exactly these tests. Tampering is done the way an intruder with store access
 * would, with SQL on the stored blocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditLogContract {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00.123456789Z");
    private final Store store;
    private final HikariDataSource pool;
    private final SwitchableDataSource writerPool;
    private final AuditTable table;

    AuditLogContract(StoreSettings settings) {
        this.store = Store.open(settings, Clock.systemUTC());
        this.pool = StorePools.open(settings, "audit-test", 3, Duration.ofMillis(500));
        this.writerPool = new SwitchableDataSource(pool);
        this.table = new AuditTable(writerPool);
    }

    /** Makes the store unreachable for the writer. */
    abstract void storeGoesAway(SwitchableDataSource writer) throws Exception;

    abstract void storeComesBack(SwitchableDataSource writer) throws Exception;

    @AfterAll
    void close() {
        pool.close();
        store.close();
    }

    @BeforeEach
    void emptyLog() throws SQLException {
        sql("DELETE FROM audit_block");
    }

    static AuditEvent event(int i) {
        AuditKind kind = AuditKind.values()[i % AuditKind.values().length];
        return new AuditEvent(NOW.plusMillis(i), kind, "robot", i % 2 == 0 ? "session-" + i : null,
                i % 3 == 0 ? "change-" + i : null, "{\"n\":" + i + ",\"text\":\"ünï ☃\"}");
    }

    private void append(int count) throws InterruptedException {
        try (AuditLog log = AuditLog.start(table, new AuditLogSettings(1024, 100))) {
            for (int i = 1; i <= count; i++) {
                while (!log.offer(event(i))) {
                    Thread.onSpinWait();
                }
            }
            assertThat(log.flush(Duration.ofSeconds(60))).isTrue();
        }
    }

    private AuditVerdict verify() {
        return new AuditVerifier(table).verify();
    }

    @Test
    void appendedRecordsVerifyAndTheChainContinuesAfterARestart() throws Exception {
        append(50);
        assertThat(verify()).isEqualTo(new AuditVerdict.Intact(50));

        append(5);

        assertThat(verify()).isEqualTo(new AuditVerdict.Intact(55));
        AuditRecord first = table.hashAt(1).map(hash -> lastRecordWithHash(hash)).orElseThrow();
        assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(first.at()).isEqualTo(AuditChain.truncate(NOW.plusMillis(1)));
    }

    @Test
    void anEventAfterAQuietStretchIsStoredWithoutWaitingForClose() throws Exception {
        try (AuditLog log = AuditLog.start(table, new AuditLogSettings(1024, 100))) {
            // Longer than the writer looks before it sleeps until the next event.
            Thread.sleep(1_500);
            assertThat(log.offer(event(1))).isTrue();
            assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(verify()).isEqualTo(new AuditVerdict.Intact(1));
        }
    }

    private AuditRecord lastRecordWithHash(String hash) {
        AuditRecord[] found = new AuditRecord[1];
        table.forEach(record -> {
            if (record.hash().equals(hash)) {
                found[0] = record;
            }
        });
        return found[0];
    }

    @Test
    void anEditedRecordIsNamed() throws Exception {
        append(20);
        tamper(lines -> lines.replaceAll(line -> line.replace("{\\\"n\\\":7,", "{\\\"n\\\":700,")));

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(7);
            assertThat(broken.damage()).isEqualTo(Damage.EDITED);
        });
    }

    @Test
    void blocksStoredAsTextBeforeMigrationV8AndBlocksOfBytesAfterItVerifyAsOneChain() throws Exception {
        append(10);
        tamper(lines -> { });
        append(10);

        assertThat(verify()).isEqualTo(new AuditVerdict.Intact(20));
        assertThat(lastRecordWithHash(table.hashAt(15).orElseThrow()).payloadJson()).isEqualTo(event(5).payloadJson());
    }

    @Test
    void aDeletedRecordIsNamed() throws Exception {
        append(20);
        tamper(lines -> lines.remove(6));

        assertThat(verify()).isEqualTo(new AuditVerdict.Broken(7, Damage.DELETED,
                "record 7 is missing: after 6 comes 8"));
    }

    @Test
    void aForgedRecordInsertedWithAValidHashIsNamed() throws Exception {
        append(20);
        String previous = table.hashAt(6).orElseThrow();
        AuditRecord forged = new AuditChain().link(7, previous, new AuditEvent(NOW, AuditKind.APPROVAL, "mallory", null,
                "change-1", "{\"decision\":\"APPROVE\"}"));
        tamper(lines -> {
            lines.replaceAll(line -> AuditLines.parse(line).sequence() >= 7 ? renumbered(line, +1) : line);
            lines.add(6, AuditLines.line(forged));
        });

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(7);
            assertThat(broken.damage()).isEqualTo(Damage.INSERTED);
        });
    }

    @Test
    void aForgedRecordAppendedWithoutTheChainIsNamed() throws Exception {
        append(20);
        table.append(List.of(new AuditRecord(21, NOW, AuditKind.APPROVAL, "mallory", null, null, "{}", "a".repeat(64),
                "b".repeat(64))));

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(21);
            assertThat(broken.damage()).isEqualTo(Damage.INSERTED);
        });
    }

    @Test
    void swappedRecordsAreNamed() throws Exception {
        append(20);
        tamper(lines -> {
            String seventh = lines.get(6);
            lines.set(6, renumbered(lines.get(7), -1));
            lines.set(7, renumbered(seventh, +1));
        });

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(7);
            assertThat(broken.damage()).isEqualTo(Damage.REORDERED);
        });
    }

    @Test
    void aDeletedBlockIsNamed() throws Exception {
        append(10);
        append(10);
        append(10);
        sql("DELETE FROM audit_block WHERE first_sequence >= 11 AND last_sequence <= 20");

        assertThat(verify()).isEqualTo(new AuditVerdict.Broken(11, Damage.DELETED,
                "record 11 is missing: after 10 comes 21"));
    }

    @Test
    void storedTextThatIsNoRecordIsNamedAsAnEdit() throws Exception {
        append(20);
        tamper(lines -> lines.set(4, lines.get(4).replace("\"hash\"", "\"hush\"")));

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(5);
            assertThat(broken.damage()).isEqualTo(Damage.EDITED);
            assertThat(broken.reason()).contains("cannot be read");
        });
    }

    @Test
    void aHundredThousandOfferedEventsLeaveAHundredThousandRecordsThatVerify() throws Exception {
        long started = System.nanoTime();
        try (AuditLog log = AuditLog.start(table, AuditLogSettings.DEFAULTS)) {
            for (int i = 1; i <= 100_000; i++) {
                AuditEvent event = event(i);
                while (!log.offer(event)) {
                    Thread.onSpinWait();
                }
            }
            assertThat(log.flush(Duration.ofSeconds(60))).isTrue();
        }
        long appended = System.nanoTime();

        AuditVerdict verdict = verify();

        long verified = System.nanoTime();
        assertThat(verdict).isEqualTo(new AuditVerdict.Intact(100_000));
        LoggerFactory.getLogger(getClass()).info("100,000 records appended in {} ms, verified in {} ms",
                (appended - started) / 1_000_000, (verified - appended) / 1_000_000);
    }

    @Test
    void whileTheStoreIsAwayOfferSaysNoWithoutBlockingAndTheWriterCatchesUpAfterwards() throws Exception {
        int capacity = 200;
        try (AuditLog log = AuditLog.start(table, new AuditLogSettings(capacity, 50))) {
            for (int i = 1; i <= 10; i++) {
                assertThat(log.offer(event(i))).isTrue();
            }
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

            storeGoesAway(writerPool);
            int accepted = 10;
            long slowest = 0;
            boolean refused = false;
            for (int i = 11; i <= 10 + capacity * 3 && !refused; i++) {
                long before = System.nanoTime();
                boolean taken = log.offer(event(i));
                slowest = Math.max(slowest, System.nanoTime() - before);
                if (taken) {
                    accepted++;
                } else {
                    refused = true;
                }
                Thread.sleep(0, 100_000);
            }
            assertThat(refused).as("offer refuses once the backlog is full").isTrue();
            assertThat(accepted).isBetween(10 + capacity, 10 + capacity + 50);
            assertThat(slowest).as("the slowest offer, in ns").isLessThan(Duration.ofMillis(20).toNanos());
            assertThat(log.flush(Duration.ofMillis(300))).isFalse();
            assertThat(log.storeDown()).isTrue();

            storeComesBack(writerPool);

            assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(log.offer(event(accepted + 1))).isTrue();
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(verify()).isEqualTo(new AuditVerdict.Intact(accepted + 1));
        }
    }

    @Test
    void theExportHasOneLinePerRecordWithEveryField() throws Exception {
        append(3);
        StringWriter out = new StringWriter();

        long count = new AuditExporter(table).export(out);

        List<String> lines = out.toString().lines().toList();
        assertThat(count).isEqualTo(3);
        assertThat(lines).hasSize(3);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("sequence").asLong()).isEqualTo(2);
        assertThat(second.get("kind").asText()).isEqualTo(event(2).kind().name());
        assertThat(second.get("payload").asText()).isEqualTo(event(2).payloadJson());
        assertThat(second.get("previous_hash").asText()).isEqualTo(table.hashAt(1).orElseThrow());
        assertThat(second.get("hash").asText()).isEqualTo(table.hashAt(2).orElseThrow());
        assertThat(second.fieldNames()).toIterable().containsExactly("sequence", "time", "kind", "actor", "session_id",
                "subject", "payload", "previous_hash", "hash");
    }

    /**
     * Rewrites the stored log the way an intruder with write access to the store could: the
     * records' lines in stored order, changed by {@code edit}, stored back as one block of text
     * (the form blocks had before migration V8).
     */
    private void tamper(Consumer<List<String>> edit) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT records, lines FROM audit_block ORDER BY first_sequence")) {
            while (rows.next()) {
                String text = rows.getString(1) != null ? rows.getString(1)
                        : new String(rows.getBytes(2), StandardCharsets.UTF_8);
                lines.addAll(text.lines().toList());
            }
        }
        edit.accept(lines);
        sql("DELETE FROM audit_block");
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_block (first_sequence, last_sequence, records) VALUES (1, ?, ?)")) {
            insert.setLong(1, lines.size());
            insert.setString(2, String.join("\n", lines));
            insert.executeUpdate();
        }
    }

    /** The record on {@code line} moved by {@code shift} places, its fields and hashes as they were. */
    private static String renumbered(String line, int shift) {
        AuditRecord record = AuditLines.parse(line);
        return AuditLines.line(new AuditRecord(record.sequence() + shift, record.at(), record.kind(), record.actor(),
                record.sessionId(), record.subject(), record.payloadJson(), record.previousHash(), record.hash()));
    }

    void sql(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
