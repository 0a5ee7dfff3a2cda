package dev.airlock.sandbox.rows;

/**
 * What the sandbox may use of production while computing an effect: connections through the
 * read-only role (for statistics, and derived reads the guard proved read-only) and the guard.
 * Without a guard, only statistics are read: no text derived from agent SQL reaches production.
 */
public record ProductionContext(ConnectionSource connections, ProductionReadGuard guard) {
}
