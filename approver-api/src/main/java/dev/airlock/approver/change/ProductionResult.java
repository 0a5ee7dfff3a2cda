package dev.airlock.approver.change;

/**
 * What production answered to one replayed statement (1-based {@code index}): the command tag and
 * row count, or PostgreSQL's SQLSTATE and message when it failed. A statement after a failed one
 * was not sent and has neither.
 */
public record ProductionResult(int index, String commandTag, Long rowCount, String sqlState, String message) {
    public boolean failed() {
        return sqlState != null;
    }
}
