package dev.airlock.sandbox;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.effect.Effect;
import dev.airlock.sandbox.effect.EffectEngine;
import dev.airlock.sandbox.effect.EffectOptions;
import dev.airlock.sandbox.mirror.Mirror;
import dev.airlock.sandbox.mirror.MirrorBuilder;
import dev.airlock.sandbox.mirror.MirrorOracle;
import dev.airlock.sandbox.mirror.SandboxRoles;
import dev.airlock.sandbox.server.SandboxConnections;
import dev.airlock.sandbox.server.SandboxException;
import dev.airlock.sandbox.server.SandboxSettings;
import dev.airlock.sandbox.sql.Identifiers;
import dev.airlock.sandbox.task.TaskSandbox;
import dev.airlock.sandbox.task.TaskSandboxes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sandbox, as the rest of Airlock uses it. Thread-safe; one per Airlock instance.
 *
 * <pre>
 *   CatalogSnapshot production = Sandbox.snapshot(readOnlyConnection, timeout); // production, read-only role
 *   String fingerprint = production.fingerprint();                              // SHA-256 of canonical JSON
 *   Mirror mirror = sandbox.ensureMirror(production);            // template per fingerprint (built once)
 *   TaskSandbox task = sandbox.createTask(taskId, production);   // CREATE DATABASE ... TEMPLATE mirror
 *   Effect effect = sandbox.computeEffect(task, changeSet, EffectOptions.keep(productionContext));
 *   effect.canonicalJson(); effect.sha256();
 *   sandbox.dropTask(taskId);                                    // when the task ends
 * </pre>
 *
 * Production is only ever read through the connection the caller passes (the read-only role) and,
 * for affected-row counts, through a {@link dev.airlock.sandbox.rows.ProductionContext} whose
 * guard must prove each derived read read-only. The sandbox server is used with the administrator
 * of {@link SandboxSettings} for templates and tasks, and with each task's own non-superuser role
 * for that task's statements. A sandbox server that is down gives
 * {@link dev.airlock.sandbox.server.SandboxUnavailableException}; nothing is lost, the call can
 * be repeated. Decisions (role isolation, transactions, non-transactional statements) are written
 * down on {@link EffectEngine}, {@link MirrorBuilder}, {@link TaskSandboxes} and
 * {@link dev.airlock.sandbox.mirror.Steward} (role statements).
 */
public final class Sandbox implements AutoCloseable {
    /** Tables at or above this many production rows are "large" for lints. */
    public static final long LARGE_TABLE_ROWS = 100_000;

    private final SandboxSettings settings;
    private final SandboxConnections connections;
    private final MirrorBuilder mirrors;
    private final TaskSandboxes tasks;
    private final EffectEngine effects;
    private final ScheduledExecutorService watchdog;

    public Sandbox(SandboxSettings settings) {
        this.settings = settings;
        this.connections = new SandboxConnections(settings);
        this.mirrors = new MirrorBuilder(connections);
        this.tasks = new TaskSandboxes(connections);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "airlock-sandbox-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        this.effects = new EffectEngine(tasks, settings, watchdog, LARGE_TABLE_ROWS);
    }

    /** A snapshot of production through its read-only role (one REPEATABLE READ, READ ONLY transaction). */
    public static CatalogSnapshot snapshot(Connection productionReadOnly, Duration statementTimeout) throws SQLException {
        return CatalogReader.readAsIs(productionReadOnly, statementTimeout);
    }

    /** The mirror template for this production snapshot, built if the sandbox server does not have it yet. */
    public Mirror ensureMirror(CatalogSnapshot production) {
        return mirrors.ensure(production);
    }

    /** Drops the mirror templates of all fingerprints but these; returns the template databases dropped. */
    public List<String> pruneMirrors(Collection<String> keepFingerprints) {
        return mirrors.prune(keepFingerprints);
    }

    /** A new sandbox for a task, cloned from the mirror of this production snapshot. */
    public TaskSandbox createTask(String taskId, CatalogSnapshot production) {
        Mirror mirror = ensureMirror(production);
        effects.forget(taskId);
        return tasks.create(taskId, mirror);
    }

    /** The existing sandbox of a task (after a restart, say), cloned from the mirror of this snapshot. */
    public TaskSandbox attachTask(String taskId, CatalogSnapshot production) {
        Mirror mirror = ensureMirror(production);
        String database = TaskSandboxes.databaseName(taskId);
        try (Connection admin = connections.admin("postgres");
             Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT 1 FROM pg_catalog.pg_database WHERE datname = "
                     + Identifiers.literal(database))) {
            if (!row.next()) {
                throw new SandboxException("task " + taskId + " has no sandbox on the sandbox server");
            }
            return new TaskSandbox(taskId, database, TaskSandboxes.roleName(taskId), mirror);
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot look up the sandbox of task " + taskId, e);
        }
    }

    /** Drops a task's sandbox database and role; dropping a task without one does nothing. */
    public void dropTask(String taskId) {
        effects.forget(taskId);
        tasks.drop(taskId);
    }

    /** The effect of a change set in the task's sandbox. */
    public Effect computeEffect(TaskSandbox task, ChangeSet changeSet, EffectOptions options) {
        return effects.compute(task, changeSet, options);
    }

    /**
     * The round-trip oracle for a production snapshot: the differences between what its mirror
     * promises and what the mirror template holds. Empty when the mirror is faithful.
     */
    public List<ObjectChange> verifyMirror(CatalogSnapshot production) {
        Mirror mirror = ensureMirror(production);
        try (Connection connection = connections.admin(mirror.database())) {
            CatalogSnapshot mirrored = new CatalogReader(SandboxRoles.view(connection, mirror.roles(), Map.of()),
                    settings.mirrorTimeout()).read(connection);
            return MirrorOracle.differences(production, mirrored);
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot read the mirror template " + mirror.database(), e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
