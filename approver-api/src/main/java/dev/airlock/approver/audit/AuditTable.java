package dev.airlock.approver.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.airlock.approver.store.StoreException;
import dev.airlock.approver.store.StorePools;
import dev.airlock.approver.store.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The {@code audit_record} table (migration V2), on H2 or PostgreSQL with the same SQL: append a
 * batch in one transaction, read the chain in sequence order (streamed, never all in memory),
 * find a record by hash. Every failure is a {@link StoreException} saying what was being done.
 */
public final class AuditTable implements AutoCloseable {
    private static final String COLUMNS = "sequence, recorded_at, kind, actor, session_id, subject, payload,"
            + " previous_hash, hash";
    private static final int FETCH = 1000;

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
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM audit_record ORDER BY sequence DESC LIMIT 1");
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(row(rows)) : Optional.empty();
        } catch (SQLException e) {
            throw failure("read the last audit record", e);
        }
    }

    /** Appends {@code records} in one transaction: all of them or none. */
    public void append(List<AuditRecord> records) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_record (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("append " + records.size() + " audit records", e);
        }
    }

    /** Hands every stored record to {@code each}, in sequence order. */
    public void forEach(Consumer<AuditRecord> each) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM audit_record ORDER BY sequence")) {
                select.setFetchSize(FETCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        each.accept(row(rows));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure("read the audit log", e);
        }
    }

    /** The sequence of a stored record whose hash is {@code hash} (the lowest if several). */
    public OptionalLong sequenceOfHash(String hash) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT MIN(sequence) FROM audit_record WHERE hash = ?")) {
            select.setString(1, hash);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long sequence = rows.getLong(1);
                return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(sequence);
            }
        } catch (SQLException e) {
            throw failure("look up an audit record by hash", e);
        }
    }

    /** The hash of the stored record at {@code sequence}, if there is one. */
    public Optional<String> hashAt(long sequence) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT hash FROM audit_record WHERE sequence = ?")) {
            select.setLong(1, sequence);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read audit record " + sequence, e);
        }
    }

    private static AuditRecord row(ResultSet rows) throws SQLException {
        return new AuditRecord(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                AuditKind.valueOf(rows.getString(3)), rows.getString(4), rows.getString(5), rows.getString(6),
                rows.getString(7), rows.getString(8), rows.getString(9));
    }

    private static StoreException failure(String what, SQLException e) {
        String hint = "42S02".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())
                ? " (the store has no audit log yet: start Airlock on it once to create it)" : "";
        return new StoreException("store failure while trying to " + what + ": " + e.getMessage() + hint, e);
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
