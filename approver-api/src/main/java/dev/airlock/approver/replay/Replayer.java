package dev.airlock.approver.replay;

import dev.airlock.approver.change.ProductionResult;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.sql.ExactStatementRunner;
import dev.airlock.sandbox.sql.SandboxMessage;
import dev.airlock.sandbox.sql.StatementClass;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Sends an approved change set to production, byte for byte, through
 * {@link ExactStatementRunner} (the text in a Parse message unchanged, bind parameters with their
 * own type OIDs, formats and bytes).
 *
 * <pre>
 *   BEGIN                                    (pgjdbc, on the first statement)
 *   SET LOCAL lock_timeout = ..; SET LOCAL statement_timeout = ..
 *   INSERT INTO airlock.applied_changes (X, 'applied')   -- see AppliedMarker
 *   statement 1 .. n, exact bytes            stop at the first error: ROLLBACK, nothing applies
 *   COMMIT
 * </pre>
 *
 * BEGIN / START TRANSACTION in the change set are not sent (the replay is one transaction
 * already; the sandbox skipped them the same way). A statement PostgreSQL refuses inside a
 * transaction block runs alone, between a committed {@code 'started'} marker and its outcome,
 * and only when it is the change set's only statement.
 */
final class Replayer {
    private static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(5);

    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final ScheduledExecutorService watchdog;

    Replayer(Duration lockTimeout, Duration statementTimeout, ScheduledExecutorService watchdog) {
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.watchdog = watchdog;
    }

    ReplayResult replay(Connection connection, UUID change, ChangeSet changeSet) throws SQLException {
        List<StatementClass> classes = changeSet.statements().stream().map(s -> StatementClass.of(s.sql())).toList();
        if (classes.contains(StatementClass.TRANSACTION_END) || classes.contains(StatementClass.SERVER_LEVEL)) {
            return new ReplayResult(false, false, List.of(), "not sent: the change set holds transaction control or a"
                    + " server-level statement, which the sandbox could not measure");
        }
        if (classes.contains(StatementClass.NON_TRANSACTIONAL)) {
            if (changeSet.statements().size() != 1) {
                return new ReplayResult(false, false, List.of(), "not sent: a statement that cannot run in a"
                        + " transaction block must be its change set's only statement");
            }
            return alone(connection, change, changeSet.statements().get(0));
        }
        return inOneTransaction(connection, change, changeSet, classes);
    }

    private ReplayResult inOneTransaction(Connection connection, UUID change, ChangeSet changeSet,
                                          List<StatementClass> classes) throws SQLException {
        connection.setAutoCommit(false);
        List<ProductionResult> results = new ArrayList<>();
        try {
            setTimeouts(connection, "SET LOCAL");
            AppliedMarker.insert(connection, change, "applied");
            for (int i = 0; i < changeSet.statements().size(); i++) {
                if (classes.get(i) == StatementClass.TRANSACTION_START) {
                    results.add(new ProductionResult(i + 1, null, null, null, "not sent: the replay is one transaction"));
                    continue;
                }
                ExactStatementRunner.Result result = ExactStatementRunner.run(connection, changeSet.statements().get(i),
                        statementTimeout.plus(WATCHDOG_MARGIN), watchdog);
                results.add(result(i + 1, result));
                if (result.failed()) {
                    connection.rollback();
                    notSent(results, changeSet.statements().size(), i + 1);
                    return new ReplayResult(false, false, results, "statement " + (i + 1) + " failed on production ("
                            + result.error().sqlState() + "); the transaction was rolled back, nothing of the change applied");
                }
                if (connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.OPEN) {
                    return new ReplayResult(false, true, results, "statement " + (i + 1) + " ended the replay's"
                            + " transaction; outcome unknown, check production");
                }
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            return new ReplayResult(false, true, results, "COMMIT did not answer (" + e.getMessage()
                    + "); resolved through the production marker");
        } finally {
            connection.setAutoCommit(true);
        }
        return new ReplayResult(true, false, results, "applied on production in one transaction");
    }

    private ReplayResult alone(Connection connection, UUID change, ChangeStatement statement) throws SQLException {
        connection.setAutoCommit(true);
        AppliedMarker.lockSession(connection, change);
        try {
            AppliedMarker.insert(connection, change, "started");
            setTimeouts(connection, "SET");
            ExactStatementRunner.Result result;
            try {
                result = ExactStatementRunner.run(connection, statement, statementTimeout.plus(WATCHDOG_MARGIN), watchdog);
            } finally {
                try (Statement reset = connection.createStatement()) {
                    reset.execute("RESET lock_timeout; RESET statement_timeout");
                }
            }
            AppliedMarker.update(connection, change, result.failed() ? "failed" : "applied");
            List<ProductionResult> results = List.of(result(1, result));
            return result.failed()
                    ? new ReplayResult(false, false, results, "the statement failed on production ("
                    + result.error().sqlState() + "); it ran outside a transaction, so check production for partial work")
                    : new ReplayResult(true, false, results, "applied on production outside a transaction");
        } finally {
            AppliedMarker.unlockSession(connection, change);
        }
    }

    private void setTimeouts(Connection connection, String set) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(set + " lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            statement.execute(set + " statement_timeout = '" + statementTimeout.toMillis() + "ms'");
        }
    }

    private static ProductionResult result(int index, ExactStatementRunner.Result result) {
        SandboxMessage error = result.error();
        return error == null ? new ProductionResult(index, result.commandTag(), result.rowCount(), null, null)
                : new ProductionResult(index, null, null, error.sqlState(), error.message());
    }

    private static void notSent(List<ProductionResult> results, int size, int failed) {
        for (int i = results.size(); i < size; i++) {
            results.add(new ProductionResult(i + 1, null, null, null, "not sent: statement " + failed + " failed"));
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the server rolled back when it went
        }
    }
}
