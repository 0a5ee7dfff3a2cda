package dev.airlock.sandbox.rows;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the sandbox may use of production while computing an effect: connections through the
 * read-only role (for statistics, and derived reads the guard proved read-only) and the guard.
 * Without a guard, only statistics are read: no text derived from agent SQL reaches production.
 */
public record ProductionContext(ReadOnlyConnections connections, ProductionReadGuard guard) {
    /** Opens a connection to production as the read-only role; the caller closes it. */
    @FunctionalInterface
    public interface ReadOnlyConnections {
        Connection open() throws SQLException;
    }
}
