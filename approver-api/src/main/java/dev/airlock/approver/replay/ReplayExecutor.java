package dev.airlock.approver.replay;

import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.production.ProductionSnapshots;
import dev.airlock.approver.production.ProductionUnavailableException;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.store.StateChange;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.rows.ProductionContext;
import dev.airlock.sandbox.server.SandboxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays approved changes on production, one at a time, through the change credential's own
 * pool ({@link ReplayPool}, which nothing outside this class can reach).
 *
 * <pre>
 *   APPROVED ─ snapshot production (read-only role) ─ drift gate ─┬─ effect differs ─▶ NEEDS_REAPPROVAL
 *                                                                  └─ same ─▶ EXECUTING (persisted)
 *   EXECUTING ─ replay, exact bytes, one transaction + marker ─┬─ committed ─ snapshot, compare diff ─▶ APPLIED
 *                                                              ├─ failed, rolled back ─▶ FAILED
 *                                                              └─ unknown ─ resolve through the marker
 * </pre>
 *
 * <p><b>At most once, across crashes.</b> The store says EXECUTING before a byte is sent, so after
 * a crash the change is found EXECUTING and is never sent again: {@link #start()} resolves it by
 * asking production. To make that question answerable exactly, every replay writes a marker row
 * into {@code airlock.applied_changes} on production <em>inside the replay's own transaction</em>
 * (the executor creates that table with the change credential if it is missing, at start, before
 * anything is snapshotted, so the marker table is part of every fingerprint): the marker exists
 * if and only if the change committed. Resolution inserts a tombstone for the change, which waits
 * for a replay still in flight on another instance and then either conflicts with its committed
 * marker (APPLIED) or goes in (never committed: FAILED, production unchanged, not re-sent).
 * Statements that PostgreSQL runs only outside a transaction cannot commit atomically with a
 * marker; their marker says "started" before and the outcome after, and a crash in between ends
 * FAILED with "outcome unknown, check production". See {@link AppliedMarker}.
 *
 * <p>A failure to read production or to recompute an effect leaves the change APPROVED (fail
 * closed: nothing is sent on a guess); {@link #retryApproved()} picks it up again later. A replay cut
 * off with production unable to say how it ended stays EXECUTING, and {@link #retryApproved()} asks
 * again until production answers.
 */
public final class ReplayExecutor implements AutoCloseable {
    /** The actor the executor's moves are recorded under. */
    public static final String ACTOR = "airlock-executor";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayExecutor.class);

    private final ReplayPool pool;
    private final ChangeRepository changes;
    private final ProductionSnapshots snapshots;
    private final DriftGate drift;
    private final Replayer replayer;
    private final Duration resolveWait;
    private final ExecutorService worker;
    private final ScheduledExecutorService watchdog;
    /** Changes with work waiting on the worker (a replay or a resolution); a change is never queued twice. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
    /** Changes this instance left EXECUTING because production could not be asked how their replay ended. */
    private final Set<UUID> unresolved = ConcurrentHashMap.newKeySet();
    /** APPROVED changes whose drift gate could not read production; told once in the log, not every sweep. */
    private final Set<UUID> undecided = ConcurrentHashMap.newKeySet();

    public ReplayExecutor(ProductionSettings production, ChangeCredential credential, Duration lockTimeout,
                          Duration statementTimeout, ChangeRepository changes, ProductionSnapshots snapshots,
                          Sandbox sandbox, ProductionContext productionContext) {
        this.pool = new ReplayPool(production, credential);
        this.changes = changes;
        this.snapshots = snapshots;
        this.drift = new DriftGate(sandbox, productionContext);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("airlock-replay-watchdog"));
        this.replayer = new Replayer(lockTimeout, statementTimeout, watchdog);
        this.resolveWait = statementTimeout.plus(Duration.ofSeconds(5));
        this.worker = Executors.newSingleThreadExecutor(daemon("airlock-replay"));
    }

    /**
     * Prepares production's marker table, resolves changes left EXECUTING by a crash, and queues
     * changes left APPROVED. Throws when production cannot be reached with the change credential.
     */
    public void start() {
        try (Connection connection = pool.connection()) {
            AppliedMarker.ensure(connection);
        } catch (SQLException e) {
            throw new ProductionUnavailableException("cannot prepare airlock.applied_changes on production with the"
                    + " change credential (it needs CREATE on the database, or a DBA creates the table): "
                    + e.getMessage(), e);
        }
        for (UUID id : changes.idsInState(ChangeState.EXECUTING)) {
            resolve(id, "resolved after a restart");
        }
        retryApproved();
    }

    /** Queues an APPROVED change for replay; a change already queued is not queued twice. */
    public void submit(UUID id) {
        queue(id, () -> replay(id));
    }

    /**
     * Queues every change still APPROVED (a drift gate that could not decide, another instance's
     * crash), and asks production again about the replays this instance could not resolve.
     */
    public void retryApproved() {
        for (UUID id : unresolved) {
            queue(id, () -> resolve(id, "resolved once production answered again"));
        }
        changes.idsInState(ChangeState.APPROVED).forEach(this::submit);
    }

    /**
     * Runs {@code work} for the change on the worker unless work for it is already waiting there: while
     * production is down each attempt waits for a connection, and a sweep must not pile up more.
     */
    private void queue(UUID id, Runnable work) {
        if (queued.add(id)) {
            worker.execute(() -> {
                queued.remove(id);
                work.run();
            });
        }
    }

    private void replay(UUID id) {
        ChangeRequest change = changes.find(id).orElse(null);
        if (change == null || change.state() != ChangeState.APPROVED) {
            undecided.remove(id);
            return;
        }
        try {
            CatalogSnapshot before = snapshots.current();
            DriftGate.Verdict verdict = drift.check(change, before);
            undecided.remove(id);
            if (verdict instanceof DriftGate.Verdict.Reapprove reapprove) {
                changes.move(id, change.version(), StateChange.to(ChangeState.NEEDS_REAPPROVAL, ACTOR,
                        reapprove.reason()).withRevision(reapprove.revision()));
                return;
            }
            ChangeRequest executing = changes.move(id, change.version(), StateChange.to(ChangeState.EXECUTING, ACTOR,
                    ((DriftGate.Verdict.Proceed) verdict).note()));
            execute(executing, before);
        } catch (ProductionUnavailableException | SandboxException e) {
            if (undecided.add(id)) {
                LOG.warn("change {} stays APPROVED, the drift gate could not decide ({}); tried again every sweep",
                        id, e.getMessage());
            }
        } catch (ConcurrentChangeException | IllegalTransitionException e) {
            LOG.info("change {} was taken by another decision or instance: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("replay of change {} stopped unexpectedly", id, e);
        }
    }

    private void execute(ChangeRequest change, CatalogSnapshot before) {
        ReplayResult result;
        try (Connection connection = pool.connection()) {
            result = replayer.replay(connection, change.id(), change.changeSet());
        } catch (SQLException e) {
            LOG.warn("replay of change {} was interrupted: {}", change.id(), e.getMessage());
            resolve(change.id(), "the replay was interrupted (" + e.getMessage() + ")");
            return;
        }
        if (result.outcomeUnknown()) {
            resolve(change.id(), result.reason());
            return;
        }
        if (!result.committed()) {
            changes.move(change.id(), change.version(), StateChange.to(ChangeState.FAILED, ACTOR, result.reason())
                    .withResults(result.results()));
            return;
        }
        PostApplyCheck.Verdict check = verify(change, before);
        changes.move(change.id(), change.version(), StateChange.to(ChangeState.APPLIED, ACTOR, result.reason())
                .withResults(result.results()).withVerification(check.text(), check.matched()));
    }

    private PostApplyCheck.Verdict verify(ChangeRequest change, CatalogSnapshot before) {
        try {
            return PostApplyCheck.compare(change.effectJson(), before, snapshots.current());
        } catch (RuntimeException e) {
            return new PostApplyCheck.Verdict(false, "not verified: production could not be read after the replay ("
                    + e.getMessage() + ")");
        }
    }

    /** Decides an EXECUTING change from production's marker; never sends it again. */
    private void resolve(UUID id, String context) {
        ChangeRequest change = changes.find(id).orElse(null);
        if (change == null || change.state() != ChangeState.EXECUTING) {
            unresolved.remove(id);
            return;
        }
        AppliedMarker.Found found;
        try (Connection connection = pool.connection()) {
            found = AppliedMarker.resolve(connection, id, resolveWait);
        } catch (SQLException e) {
            if (unresolved.add(id)) {
                LOG.warn("change {} stays EXECUTING: production could not be asked whether it committed ({}); asked"
                        + " again until it answers", id, e.getMessage());
            }
            return;
        }
        unresolved.remove(id);
        StateChange move = switch (found) {
            case APPLIED -> StateChange.to(ChangeState.APPLIED, ACTOR, context + ": production has the change's"
                    + " marker, so its transaction committed; not re-sent").withVerification("not verified: resolved"
                    + " from the marker, production's results were not seen", false);
            case NEVER_COMMITTED -> StateChange.to(ChangeState.FAILED, ACTOR, context + ": production has no marker,"
                    + " so the replay never committed and nothing of it applied; not re-sent");
            case FAILED -> StateChange.to(ChangeState.FAILED, ACTOR, context + ": the statement failed on production");
            case STARTED -> StateChange.to(ChangeState.FAILED, ACTOR, context + ": outcome unknown, check production"
                    + " (a statement that runs outside a transaction was sent, its result was not recorded; not re-sent)");
        };
        try {
            changes.move(id, change.version(), move);
        } catch (ConcurrentChangeException | IllegalTransitionException e) {
            LOG.info("change {} was resolved by another instance: {}", id, e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        watchdog.shutdownNow();
        pool.close();
    }
}
