package dev.airlock.approver.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.airlock.approver.store.StoreException;
import dev.airlock.approver.store.StorePools;
import dev.airlock.approver.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The audit chain as stored: table {@code audit_block} (migrations V5 and V8), on H2 or PostgreSQL
 * with the same SQL. Each row is one appended batch, its records as {@link AuditLines} text in
 * UTF-8 ({@code lines}; blocks written before V8 hold it as text, {@code records}), so appending
 * a batch is one INSERT in one transaction, all or nothing; two writers on one store cannot both
 * append the same first sequence (primary key). Reading streams blocks in sequence order and
 * hands out records in the order they are stored within each block, never all in memory. Every
 * failure is a {@link StoreException} saying what was being done.
 */
public final class AuditTable implements AutoCloseable {
    private static final int FETCH = 16;
    /** The columns a block's lines are read from: text before V8, UTF-8 bytes since. */
    private static final String BLOCK = "records, lines";
    private static final int BLOCK_CHARS = 32_768;
    /** The characters of a line besides its payload and actor: field names, times, hashes, ids. */
    private static final int LINE_OVERHEAD = 320;

    private final DataSource pool;
    private final AutoCloseable owned;

    /** Over a pool someone else owns and closes. */
    public AuditTable(DataSource pool) {
        this(pool, null);
    }

    private AuditTable(DataSource pool, AutoCloseable owned) {
        this.pool = pool;
        this.owned = owned;
    }

    /**
     * With a small pool of its own on the store (the store must have been migrated, e.g. by
     * {@link dev.airlock.approver.store.Store#open}); a connection that cannot be had within two
     * seconds fails, so a writer facing a dead store retries instead of hanging.
     */
    public static AuditTable open(StoreSettings settings) {
        HikariDataSource pool = StorePools.open(settings, "airlock-audit", 2, Duration.ofSeconds(2));
        return new AuditTable(pool, pool);
    }

    /** The last record of the chain, if any. */
    public Optional<AuditRecord> last() {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + BLOCK + " FROM audit_block ORDER BY first_sequence DESC LIMIT 1");
             ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            List<String> lines = text(rows).lines().toList();
            return Optional.of(AuditLines.parse(lines.get(lines.size() - 1)));
        } catch (SQLException e) {
            throw failure("read the last audit record", e);
        }
    }

    /**
     * Appends {@code records} (consecutive sequences) in one transaction, all or none, as blocks of
     * at most {@value #BLOCK_CHARS} characters (a longer record is a block of its own): both
     * stores handle rows of that size well, and the per-row cost is still shared by many records.
     */
    public void append(List<AuditRecord> records) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_block (first_sequence, last_sequence, lines) VALUES (?, ?, ?)")) {
                int first = 0;
                while (first < records.size()) {
                    int end = blockEnd(records, first);
                    List<AuditRecord> block = records.subList(first, end);
                    insert.setLong(1, block.get(0).sequence());
                    insert.setLong(2, block.get(block.size() - 1).sequence());
                    insert.setBytes(3, AuditLines.utf8(block));
                    insert.addBatch();
                    first = end;
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("append " + records.size() + " audit records", e);
        }
    }

    /** Where the block starting at {@code first} ends (exclusive), by an estimate of its text's length. */
    private static int blockEnd(List<AuditRecord> records, int first) {
        int end = first;
        long chars = 0;
        do {
            chars += LINE_OVERHEAD + records.get(end).payloadJson().length() + records.get(end).actor().length();
            end++;
        } while (end < records.size() && chars + LINE_OVERHEAD + records.get(end).payloadJson().length()
                + records.get(end).actor().length() <= BLOCK_CHARS);
        return end;
    }

    /**
     * Hands every stored record to {@code each}, in stored order; stored text that is not a record
     * is an {@link AuditLines.UnreadableRecordException}.
     */
    public void forEach(Consumer<AuditRecord> each) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + BLOCK + " FROM audit_block ORDER BY first_sequence")) {
                select.setFetchSize(FETCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        text(rows).lines().map(AuditLines::parse).forEach(each);
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure("read the audit log", e);
        }
    }

    /**
     * Up to {@code limit} stored records that {@code match}, newest first, reading blocks from the
     * end of the chain until enough are found (a search, so it may read the whole log).
     */
    public List<AuditRecord> newest(Predicate<AuditRecord> match, int limit) {
        List<AuditRecord> found = new ArrayList<>();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + BLOCK + " FROM audit_block ORDER BY first_sequence DESC")) {
                select.setFetchSize(FETCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (found.size() < limit && rows.next()) {
                        List<String> lines = text(rows).lines().toList();
                        for (int i = lines.size() - 1; i >= 0 && found.size() < limit; i--) {
                            AuditRecord record = AuditLines.parse(lines.get(i));
                            if (match.test(record)) {
                                found.add(record);
                            }
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure("search the audit log", e);
        }
        return found;
    }

    /**
     * The sequence of a stored record whose hash is {@code hash} (the first stored if several). A
     * scan (an index would slow every append for it): the verifier asks once, at the first bad record.
     */
    public OptionalLong sequenceOfHash(String hash) {
        long[] found = {-1};
        try {
            forEach(record -> {
                if (record.hash().equals(hash)) {
                    found[0] = record.sequence();
                    throw new Found();
                }
            });
        } catch (Found stop) {
            return OptionalLong.of(found[0]);
        }
        return OptionalLong.empty();
    }

    /** The hash of the stored record at {@code sequence}, if there is one. */
    public Optional<String> hashAt(long sequence) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + BLOCK + " FROM audit_block"
                     + " WHERE first_sequence <= ? AND last_sequence >= ? ORDER BY first_sequence")) {
            select.setLong(1, sequence);
            select.setLong(2, sequence);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Optional<String> hash = text(rows).lines().map(AuditLines::parse)
                            .filter(record -> record.sequence() == sequence).map(AuditRecord::hash).findFirst();
                    if (hash.isPresent()) {
                        return hash;
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read audit record " + sequence, e);
        }
    }

    /** A block's lines as text, from whichever form it was stored in. */
    private static String text(ResultSet block) throws SQLException {
        String records = block.getString(1);
        return records != null ? records : new String(block.getBytes(2), StandardCharsets.UTF_8);
    }

    private static StoreException failure(String what, SQLException e) {
        String hint = "42S02".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())
                ? " (the store has no audit log yet: start Airlock on it once to create it)" : "";
        return new StoreException("store failure while trying to " + what + ": " + e.getMessage() + hint, e);
    }

    /** Ends a scan early. */
    private static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Found() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("cannot close the audit log's pool: " + e.getMessage(), e);
            }
        }
    }
}
