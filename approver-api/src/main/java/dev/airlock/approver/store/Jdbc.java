package dev.airlock.approver.store;

import dev.airlock.approver.change.ConcurrentChangeException;
import java.sql.Connection;
import java.util.List;
import java.util.ArrayList;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** The few JDBC chores the repository repeats: one transaction around a unit of work, parameter binding. */
final class Jdbc {
    /** PostgreSQL serialization failure and deadlock; H2's concurrent update of one row. */
    private static final java.util.Set<String> CONFLICTS = java.util.Set.of("40001", "40P01", "90131");

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    static <T> T inTransaction(DataSource pool, String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (CONFLICTS.contains(e.getSQLState())) {
                throw new ConcurrentChangeException("another writer changed the same change request while trying to "
                        + what + "; nothing was written, reload and try again", e);
            }
            throw new StoreException("store failure while trying to " + what + ": " + e.getMessage(), e);
        }
    }

    /** One row to one value. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Every row a query returns, each read by {@code reader}. */
    static <T> List<T> list(Connection connection, String sql, RowReader<T> reader, Object... values) throws SQLException {
        List<T> found = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, sql, values); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(reader.read(rows));
            }
        }
        return found;
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof Enum<?> constant) {
                statement.setString(i + 1, constant.name());
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }

    /** A timestamp column as an instant; null stays null. */
    static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return instant(row, row.findColumn(column));
    }
}
