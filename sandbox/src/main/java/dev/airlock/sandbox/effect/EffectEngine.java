package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.access.AccessChange;
import dev.airlock.sandbox.access.EffectiveAccess;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.catalog.read.ServerView;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.diff.SchemaDiff;
import dev.airlock.sandbox.impact.Impact;
import dev.airlock.sandbox.impact.LockTaken;
import dev.airlock.sandbox.lint.Lint;
import dev.airlock.sandbox.lint.LintContext;
import dev.airlock.sandbox.lint.Linter;
import dev.airlock.sandbox.mirror.SandboxRoles;
import dev.airlock.sandbox.rows.AffectedRows;
import dev.airlock.sandbox.rows.ProductionStatistics;
import dev.airlock.sandbox.rows.RowEstimator;
import dev.airlock.sandbox.server.SandboxConnections;
import dev.airlock.sandbox.server.SandboxException;
import dev.airlock.sandbox.server.SandboxSettings;
import dev.airlock.sandbox.sql.StatementClass;
import dev.airlock.sandbox.task.TaskSandbox;
import dev.airlock.sandbox.task.TaskSandboxes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Computes the {@link Effect} of a change set in a task's sandbox.
 *
 * <pre>
 *   cluster digest before                  snapshot before (cached per task while the digest holds)
 *   BEGIN
 *     relation probe (OIDs, relfilenodes)
 *     statement 1 ... n, exact bytes        pg_locks after each; stop at the first error
 *     relation probe again                  -> locks, rewrites, indexes built
 *     snapshot after (same transaction)     cluster digest after
 *   COMMIT if asked to keep and the digest did not move, else ROLLBACK
 *   schema diff, access diff, affected rows (production), lints
 * </pre>
 *
 * Role isolation: roles are cluster-wide, so a change set that touched roles, memberships or role
 * settings is always rolled back after the after-snapshot; what it did is in the effect, and no
 * other task ever sees it (uncommitted catalog rows are invisible to other sessions; a task that
 * creates the same role at the same moment waits, bounded by the lock timeout). Change sets with
 * a statement PostgreSQL refuses in a transaction (CREATE INDEX CONCURRENTLY, ...) run in segments:
 * each run of ordinary statements in a transaction of its own, each such statement on its own; a
 * segment that moves the cluster digest is rolled back and fails the change set, since the
 * segments before it cannot be undone. Role statements (CREATE/ALTER/DROP ROLE) run through the
 * mirror's role steward when production's change role could run them ({@link RoleStatements}).
 * Transaction control and server-level statements are refused
 * without running anything. Effects of one task are computed one at a time; different tasks run
 * in parallel, each on its own database and connection.
 */
public final class EffectEngine {
    private final TaskSandboxes tasks;
    private final SandboxSettings settings;
    private final ScheduledExecutorService watchdog;
    private final long largeTableRows;
    private final Map<String, Cached> snapshots = new ConcurrentHashMap<>();

    /**
     * A task's last known state, valid while the cluster digest is unchanged (a newer production
     * snapshot may reconcile the shared roles under it).
     */
    private record Cached(String clusterDigest, CatalogSnapshot snapshot) {
    }
    private final Map<String, ReentrantLock> taskLocks = new ConcurrentHashMap<>();

    public EffectEngine(TaskSandboxes tasks, SandboxSettings settings, ScheduledExecutorService watchdog,
                        long largeTableRows) {
        this.tasks = tasks;
        this.settings = settings;
        this.watchdog = watchdog;
        this.largeTableRows = largeTableRows;
    }

    /** Forgets what was cached about a task (its sandbox was dropped or recreated). */
    public void forget(String taskId) {
        snapshots.remove(taskId);
    }

    public Effect compute(TaskSandbox task, ChangeSet changeSet, EffectOptions options) {
        ReentrantLock lock = taskLocks.computeIfAbsent(task.taskId(), id -> new ReentrantLock());
        lock.lock();
        try {
            return computeLocked(task, changeSet, options);
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot compute the effect of a change set for task " + task.taskId(), e);
        } finally {
            lock.unlock();
        }
    }

    private Effect computeLocked(TaskSandbox task, ChangeSet changeSet, EffectOptions options) throws SQLException {
        List<StatementClass> classes = changeSet.statements().stream().map(s -> StatementClass.of(s.sql())).toList();
        ProductionStatistics statistics = new ProductionStatistics(options.production(), settings.statementTimeout());
        if (classes.contains(StatementClass.TRANSACTION_END) || classes.contains(StatementClass.SERVER_LEVEL)) {
            return refused(task, changeSet, classes, statistics);
        }
        try (Connection connection = tasks.connect(task)) {
            ServerView view = SandboxRoles.view(connection, task.mirror().roles(), Map.of(task.role(), settings.changeRole()));
            CatalogReader reader = new CatalogReader(view, settings.statementTimeout());
            String digest = ClusterDigest.of(connection, task.role());
            Cached cached = snapshots.get(task.taskId());
            CatalogSnapshot before = cached != null && cached.clusterDigest().equals(digest)
                    ? cached.snapshot() : reader.read(connection);
            String stewardKey = task.mirror().roleStatements() ? tasks.stewardKey(task) : null;
            RoleStatements roleStatements = stewardKey == null ? null
                    : new RoleStatements(stewardKey, view::isOwnRole, settings.statementTimeout(), watchdog);
            ChangeRun run = new ChangeRun(connection, changeSet, classes, settings.statementTimeout(), watchdog,
                    roleStatements, task.role());
            ChangeRun.Outcome outcome = classes.contains(StatementClass.NON_TRANSACTIONAL)
                    ? run.inSegments(reader, digest)
                    : run.inOneTransaction(reader, digest, options.keepInTaskSandbox());
            CatalogSnapshot after = outcome.after() == null ? before : outcome.after();
            snapshots.put(task.taskId(), new Cached(digest, outcome.kept() ? after : before));
            return effect(task, changeSet, before, after, outcome, options, statistics);
        }
    }

    private Effect effect(TaskSandbox task, ChangeSet changeSet, CatalogSnapshot before, CatalogSnapshot after,
                          ChangeRun.Outcome outcome, EffectOptions options, ProductionStatistics statistics) {
        List<ObjectChange> schema = SchemaDiff.between(before, after);
        List<AccessChange> access = EffectiveAccess.diff(before, after);
        List<AffectedRows> rows = new ArrayList<>();
        if (!outcome.failed()) {
            RowEstimator estimator = new RowEstimator(options.production(), statistics, settings.statementTimeout(), watchdog);
            for (StatementResult result : outcome.results()) {
                ChangeStatement statement = changeSet.statements().get(result.index() - 1);
                estimator.estimate(result.index(), statement, result.commandTag(),
                        result.rowCount() == null ? 0 : result.rowCount(), writtenTables(outcome.impact(), result.index()))
                        .ifPresent(rows::add);
            }
        }
        List<String> tags = outcome.results().stream().map(StatementResult::commandTag).toList();
        List<Lint> lints = Linter.lint(new LintContext(changeSet, tags, schema, access, outcome.impact(), rows,
                statistics, largeTableRows));
        return new Effect(task.mirror().fingerprint(), changeSet.sha256(),
                outcome.failed() ? Effect.Outcome.FAILED : Effect.Outcome.SUCCEEDED, outcome.results(), schema, access,
                outcome.impact(), rows, lints, Linter.risk(lints), outcome.kept(), outcome.note());
    }

    private static List<String> writtenTables(Impact impact, int statement) {
        return impact.locks().stream()
                .filter(l -> l.statement() == statement && l.mode().equals("RowExclusiveLock")
                        && (l.relationKind().equals("table") || l.relationKind().equals("partitioned table")))
                .map(LockTaken::relation).distinct().toList();
    }

    private Effect refused(TaskSandbox task, ChangeSet changeSet, List<StatementClass> classes,
                           ProductionStatistics statistics) {
        List<StatementResult> results = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            results.add(RefusedStatements.result(i + 1, classes.get(i)));
        }
        Impact none = new Impact(List.of(), List.of(), List.of());
        List<Lint> lints = Linter.lint(new LintContext(changeSet, List.of(), List.of(), List.of(), none, List.of(),
                statistics, largeTableRows));
        return new Effect(task.mirror().fingerprint(), changeSet.sha256(), Effect.Outcome.REFUSED, results, List.of(),
                List.of(), none, List.of(), lints, Linter.risk(lints), false,
                "nothing was run: the change set holds a statement the sandbox refuses");
    }

    static SandboxException ended(int statement) {
        return new SandboxException("statement " + statement + " ended the sandbox's transaction; the effect"
                + " cannot be computed and the sandbox of this task should be reset");
    }
}
