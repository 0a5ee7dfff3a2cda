package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.impact.DocumentedLocks;
import dev.airlock.sandbox.impact.Impact;
import dev.airlock.sandbox.impact.LockTaken;
import dev.airlock.sandbox.impact.RelationProbe;
import dev.airlock.sandbox.sql.ExactStatementRunner;
import dev.airlock.sandbox.sql.SandboxMessage;
import dev.airlock.sandbox.sql.StatementClass;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** Runs one change set on a task's connection, as {@link EffectEngine} describes, and measures it. */
final class ChangeRun {
    private static final String QUERY_CANCELED = "57014";
    private static final Impact NO_IMPACT = new Impact(List.of(), List.of(), List.of());

    record Outcome(List<StatementResult> results, Impact impact, CatalogSnapshot after, boolean kept, boolean failed,
                   String note) {
    }

    private final Connection connection;
    private final List<ChangeStatement> statements;
    private final List<StatementClass> classes;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;
    private final RoleStatements roleStatements;
    private final String taskRole;
    private final List<StatementResult> results = new ArrayList<>();

    /** {@code roleStatements} is null when role statements run as the task role (and so fail). */
    ChangeRun(Connection connection, ChangeSet changeSet, List<StatementClass> classes, Duration timeout,
              ScheduledExecutorService watchdog, RoleStatements roleStatements, String taskRole) {
        this.roleStatements = roleStatements;
        this.taskRole = taskRole;
        this.connection = connection;
        this.statements = changeSet.statements();
        this.classes = classes;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    Outcome inOneTransaction(CatalogReader reader, String digestBefore, boolean keep) throws SQLException {
        connection.setAutoCommit(false);
        try {
            RelationProbe probe = RelationProbe.start(connection);
            int failed = run(0, statements.size(), probe, StatementResult.Execution.IN_TRANSACTION);
            if (failed > 0) {
                connection.rollback();
                return new Outcome(results, NO_IMPACT, null, false, true,
                        "rolled back: statement " + failed + " failed, so none of the change set applies");
            }
            Impact impact = probe.finish(connection, List.of());
            CatalogSnapshot after = reader.read(connection);
            boolean clusterChanged = !ClusterDigest.of(connection, taskRole).equals(digestBefore);
            boolean kept = keep && !clusterChanged;
            if (kept) {
                connection.commit();
            } else {
                connection.rollback();
            }
            String note = kept ? "kept in the task's sandbox: later change sets of this task see it"
                    : clusterChanged ? "rolled back after measuring: it changes roles, which every task on the sandbox"
                    + " server shares" : "rolled back after measuring, as asked";
            return new Outcome(results, impact, after, kept, false, note);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    Outcome inSegments(CatalogReader reader, String digestBefore) throws SQLException {
        connection.setAutoCommit(true);
        RelationProbe probe = RelationProbe.start(connection);
        List<LockTaken> documented = new ArrayList<>();
        int failed = 0;
        int next = 0;
        while (next < statements.size() && failed == 0) {
            if (classes.get(next) == StatementClass.NON_TRANSACTIONAL) {
                failed = run(next, next + 1, null, StatementResult.Execution.ON_ITS_OWN);
                if (failed == 0) {
                    documented.addAll(DocumentedLocks.of(next + 1, statements.get(next).sql()));
                }
                next++;
                continue;
            }
            int end = next;
            while (end < statements.size() && classes.get(end) != StatementClass.NON_TRANSACTIONAL) {
                end++;
            }
            failed = segment(next, end, probe, digestBefore);
            next = end;
        }
        notRunAfterLast();
        Impact impact = probe.finish(connection, documented);
        CatalogSnapshot after = reader.read(connection);
        String note = "statements outside a transaction cannot be rolled back: the task's sandbox keeps "
                + (failed > 0 ? "what ran before statement " + failed + " (reset the sandbox to start over)"
                : "the change set");
        return new Outcome(results, impact, after, true, failed > 0, note);
    }

    /** One run of ordinary statements in a transaction of its own; returns the failed statement or 0. */
    private int segment(int from, int to, RelationProbe probe, String digestBefore) throws SQLException {
        connection.setAutoCommit(false);
        try {
            int failed = run(from, to, probe, StatementResult.Execution.IN_TRANSACTION);
            if (failed == 0 && !ClusterDigest.of(connection, taskRole).equals(digestBefore)) {
                failed = to;
                StatementResult last = results.remove(results.size() - 1);
                results.add(new StatementResult(last.index(), last.execution(), last.commandTag(), last.rowCount(),
                        last.notices(), SandboxMessage.airlock("0A000", "a change set with statements that run outside"
                        + " a transaction cannot also change roles: its other segments could not be undone; submit the"
                        + " role change on its own")));
            }
            if (failed == 0) {
                connection.commit();
            } else {
                connection.rollback();
            }
            probe.transactionEnded();
            return failed;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Runs statements [from, to); stops at the first failure and returns its index (1-based), or 0. */
    private int run(int from, int to, RelationProbe probe, StatementResult.Execution execution) throws SQLException {
        for (int i = from; i < to; i++) {
            if (classes.get(i) == StatementClass.TRANSACTION_START) {
                results.add(new StatementResult(i + 1, StatementResult.Execution.SKIPPED, null, null, List.of(), null));
                continue;
            }
            ChangeStatement statement = statements.get(i);
            ExactStatementRunner.Result result = roleStatements != null && RoleStatements.isRoleStatement(statement)
                    ? roleStatements.run(connection, statement)
                    : ExactStatementRunner.run(connection, statement, timeout, watchdog);
            results.add(new StatementResult(i + 1, execution, result.commandTag(),
                    result.failed() ? null : result.rowCount(), result.notices(), explained(result.error())));
            if (result.failed()) {
                notRunAfterLast();
                return i + 1;
            }
            if (!connection.getAutoCommit()) {
                if (connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE) {
                    throw EffectEngine.ended(i + 1);
                }
                probe.afterStatement(connection, i + 1);
            }
        }
        return 0;
    }

    /** Marks every statement after the last one with a result as not run. */
    private void notRunAfterLast() {
        while (results.size() < statements.size()) {
            results.add(RefusedStatements.result(results.size() + 1, StatementClass.TRANSACTIONAL));
        }
    }

    private SandboxMessage explained(SandboxMessage error) {
        if (error == null || !QUERY_CANCELED.equals(error.sqlState())) {
            return error;
        }
        return new SandboxMessage(error.severity(), error.sqlState(), error.message(), error.detail(),
                "the statement ran past the sandbox's time limit of " + timeout.toSeconds() + " s and was canceled",
                error.position(), error.where());
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is closed by the caller; the server rolls back with it
        }
    }
}
