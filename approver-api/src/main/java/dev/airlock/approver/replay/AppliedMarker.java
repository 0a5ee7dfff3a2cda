package dev.airlock.approver.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * The table on production that answers "did change X commit?" exactly:
 * {@code airlock.applied_changes(change_id uuid primary key, outcome text, recorded_at)}.
 *
 * <ul>
 *   <li>Transactional replay inserts {@code (X, 'applied')} as the first statement of its own
 *       transaction: the row exists if and only if the change committed, and while the replay is
 *       in flight its uncommitted key blocks anyone else inserting X.</li>
 *   <li>Crash resolution inserts {@code (X, 'abandoned')} with {@code ON CONFLICT DO NOTHING}. If a
 *       replay of X is still in flight somewhere, this waits for it: it commits (conflict: the
 *       marker says applied) or rolls back (our tombstone goes in, and that replay can never
 *       commit later). No marker before us means the change never committed.</li>
 *   <li>A statement that cannot run in a transaction cannot commit with its marker, so its replay
 *       holds a session advisory lock on X, commits {@code 'started'} before sending it and
 *       {@code 'applied'} or {@code 'failed'} after; resolution takes the same lock first. A
 *       {@code 'started'} found afterwards means the statement may or may not have run.</li>
 * </ul>
 */
final class AppliedMarker {
    enum Found { APPLIED, FAILED, STARTED, NEVER_COMMITTED }

    private static final int LOCK_CLASS = 0x41524C4B;
    /** A one-key advisory lock: PostgreSQL keeps those apart from the two-key locks taken per change. */
    private static final long CREATE_LOCK = LOCK_CLASS;

    private AppliedMarker() {
    }

    /**
     * Creates the schema and table if missing (the change role needs CREATE on the database for
     * that). {@code IF NOT EXISTS} does not hold against a concurrent CREATE (instances starting at
     * the same moment fail with a duplicate type or a unique violation in the catalog), so creators
     * take a transaction-level advisory lock first: the second one in sees the first one's table.
     */
    static void ensure(Connection connection) throws SQLException {
        if (exists(connection)) {
            return;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            statement.execute("CREATE SCHEMA IF NOT EXISTS airlock");
            statement.execute("CREATE TABLE IF NOT EXISTS airlock.applied_changes (change_id uuid PRIMARY KEY,"
                    + " outcome text NOT NULL CHECK (outcome IN ('applied', 'failed', 'started', 'abandoned')),"
                    + " recorded_at timestamptz NOT NULL DEFAULT now())");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT to_regclass('airlock.applied_changes') IS NOT NULL")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    static void insert(Connection connection, UUID change, String outcome) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO airlock.applied_changes (change_id, outcome) VALUES (?, ?)")) {
            insert.setObject(1, change);
            insert.setString(2, outcome);
            insert.executeUpdate();
        }
    }

    static void update(Connection connection, UUID change, String outcome) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE airlock.applied_changes SET outcome = ?, recorded_at = now() WHERE change_id = ?")) {
            update.setString(1, outcome);
            update.setObject(2, change);
            update.executeUpdate();
        }
    }

    static void lockSession(Connection connection, UUID change) throws SQLException {
        advisory(connection, "SELECT pg_advisory_lock(?, ?)", change);
    }

    static void unlockSession(Connection connection, UUID change) throws SQLException {
        advisory(connection, "SELECT pg_advisory_unlock(?, ?)", change);
    }

    /**
     * Decides what became of a change whose replay was interrupted, waiting at most {@code wait}
     * for a replay still in flight (then SQLSTATE 55P03, and the caller tries again later).
     */
    static Found resolve(Connection connection, UUID change, Duration wait) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + wait.toMillis() + "ms'");
            }
            advisory(connection, "SELECT pg_advisory_xact_lock(?, ?)", change);
            Found found;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO airlock.applied_changes"
                    + " (change_id, outcome) VALUES (?, 'abandoned') ON CONFLICT (change_id) DO NOTHING RETURNING outcome")) {
                insert.setObject(1, change);
                try (ResultSet inserted = insert.executeQuery()) {
                    found = inserted.next() ? Found.NEVER_COMMITTED : null;
                }
            }
            if (found == null) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT outcome FROM airlock.applied_changes WHERE change_id = ?")) {
                    select.setObject(1, change);
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        found = switch (row.getString(1)) {
                            case "applied" -> Found.APPLIED;
                            case "failed" -> Found.FAILED;
                            case "started" -> Found.STARTED;
                            default -> Found.NEVER_COMMITTED;
                        };
                    }
                }
            }
            connection.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void advisory(Connection connection, String sql, UUID change) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, change.hashCode());
            try (ResultSet ignored = lock.executeQuery()) {
                // the lock is held (or released) once the row comes back
            }
        }
    }
}
