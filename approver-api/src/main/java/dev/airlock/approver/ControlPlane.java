package dev.airlock.approver;

import dev.airlock.approver.api.ApiServer;
import dev.airlock.approver.api.AuditRoutes;
import dev.airlock.approver.api.Callers;
import dev.airlock.approver.api.ChangeRoutes;
import dev.airlock.approver.api.EventRoutes;
import dev.airlock.approver.api.IdentityRoutes;
import dev.airlock.approver.api.MetricsRoutes;
import dev.airlock.approver.api.Routes;
import dev.airlock.approver.api.TaskRoutes;
import dev.airlock.approver.api.WebUi;
import dev.airlock.approver.approval.ApprovalService;
import dev.airlock.approver.approval.ExpiryScheduler;
import dev.airlock.approver.audit.AuditLog;
import dev.airlock.approver.audit.AuditSink;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.ChangeAuditor;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.events.ChangeWatch;
import dev.airlock.approver.filing.ChangeFiler;
import dev.airlock.approver.metrics.AuditMetrics;
import dev.airlock.approver.metrics.ChangeMetrics;
import dev.airlock.approver.metrics.ChangeMetrics.FilingOutcome;
import dev.airlock.approver.notify.Webhooks;
import dev.airlock.approver.policy.InvalidPolicyException;
import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.approver.policy.PolicyFile;
import dev.airlock.approver.policy.PolicyReader;
import dev.airlock.approver.production.ProductionSnapshots;
import dev.airlock.approver.production.ReadOnlyProduction;
import dev.airlock.approver.replay.ReplayExecutor;
import dev.airlock.approver.store.StateChange;
import dev.airlock.approver.store.Store;
import dev.airlock.approver.task.Tasks;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.rows.ProductionContext;
import dev.airlock.sandbox.rows.ProductionReadGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The control plane as the proxy sees it: file a change, wait for its outcome, hear about applied
 * changes, look up and end tasks. Built from {@link ControlPlaneSettings}; starts the store, the sandbox
 * client, the replay executor (which resolves changes a crash left EXECUTING), the expiry
 * scheduler and the REST API.
 *
 * <pre>
 *   try (ControlPlane plane = new ControlPlane(settings)) {
 *       FiledChange filed = plane.file(new ChangeSubmission(agent, task, session, changeSet, who, taskFacts, statementFacts)).join();
 *       ChangeOutcome outcome = plane.outcome(((FiledChange.Filed) filed).id()).join(); // wait mode
 *   }
 * </pre>
 *
 * Filing runs on a bounded executor of its own (never the caller's thread, so never a Netty event
 * loop); when it is full the future fails with {@link java.util.concurrent.RejectedExecutionException}.
 * The change credential goes to the executor and nowhere else; nothing here hands out a pool, a
 * data source or a connection.
 */
public final class ControlPlane implements AutoCloseable {
    /** The actor under which Airlock itself (task end, start-up) records moves. */
    public static final String ACTOR = "airlock";
    private static final int FILING_THREADS = 4;
    private static final int FILING_QUEUE = 256;

    private final ControlPlaneSettings settings;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Store store;
    private final AuditLog audit;
    private final ChangeWatch watch;
    private final ChangeFiler filer;
    private final ThreadPoolExecutor filing;
    private final Tasks tasks;
    private final PolicyEngine policy;
    private final ChangeMetrics changeMetrics;
    private final ApiServer api;

    public ControlPlane(ControlPlaneSettings settings) {
        this(settings, null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * With the proxy's statement gate as {@code guard}, the sandbox may run derived reads on
     * production to count the rows a write would touch (null: statistics only). The control
     * plane's meters go to {@code metrics}; a Prometheus registry is also served at {@code /metrics}.
     */
    public ControlPlane(ControlPlaneSettings settings, ProductionReadGuard guard, MeterRegistry metrics) {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        try {
            policy = openPolicy(settings.policyFile(), clock);
            store = remember(Store.open(settings.store(), clock));
            audit = remember(AuditLog.start(AuditTable.open(settings.store()), settings.audit()));
            AuditMetrics.register(audit, metrics);
            store.changes().addHistoryListener(new ChangeAuditor(audit));
            changeMetrics = new ChangeMetrics(store.changes(), clock, metrics);
            store.changes().addHistoryListener(changeMetrics);
            if (!settings.webhooks().targets().isEmpty()) {
                store.changes().addHistoryListener(remember(new Webhooks(settings.webhooks(), store.changes(),
                        this::reviewUrl, clock, metrics)));
            }
            watch = remember(new ChangeWatch(store.changes(), settings.sweepInterval()));
            store.events().subscribe(watch::changed);
            Sandbox sandbox = remember(new Sandbox(settings.sandbox()));
            ReadOnlyProduction production = new ReadOnlyProduction(settings.production());
            ProductionSnapshots snapshots = remember(new ProductionSnapshots(production, settings.statementTimeout()));
            ProductionContext context = new ProductionContext(production, guard);
            ReplayExecutor executor = remember(new ReplayExecutor(settings.production(), settings.changeCredential(),
                    settings.lockTimeout(), settings.statementTimeout(), store.changes(), snapshots, sandbox, context));
            executor.start();
            ApprovalService approvals = new ApprovalService(store.changes(), settings.quorum(), executor::submit, clock,
                    settings.changeTtl());
            remember(new ExpiryScheduler(store.changes(), clock, settings.sweepInterval(), executor::retryApproved));
            tasks = remember(new Tasks(store.tasks(), settings.tasks(), settings.agents(), clock, audit,
                    this::cleanUpTask, settings.sweepInterval()));
            filer = new ChangeFiler(sandbox, snapshots, context, store.changes(), clock, settings.changeTtl(),
                    this::reviewUrl, tasks::hasEnded, policy);
            filing = new ThreadPoolExecutor(FILING_THREADS, FILING_THREADS, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(FILING_QUEUE), runnable -> {
                        Thread thread = new Thread(runnable, "airlock-filing");
                        thread.setDaemon(true);
                        return thread;
                    });
            filing.allowCoreThreadTimeOut(true);
            Callers callers = new Callers(settings.approvers(), settings.admins());
            EventRoutes events = remember(new EventRoutes(store.changes(), store.events(), callers));
            List<Routes> routes = new ArrayList<>(List.of(new ChangeRoutes(store.changes(), approvals, tasks, callers),
                    new TaskRoutes(tasks, callers), new AuditRoutes(remember(AuditTable.open(settings.store())), callers),
                    new IdentityRoutes(callers, tasks, settings.applications(), settings.approvers(), settings.admins()),
                    events, new WebUi()));
            if (metrics instanceof PrometheusMeterRegistry prometheus) {
                routes.add(new MetricsRoutes(prometheus));
            }
            api = remember(new ApiServer(routes, settings.httpHost(), settings.httpPort()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private PolicyEngine openPolicy(Optional<Path> file, Clock clock) {
        try {
            if (file.isPresent()) {
                return remember(PolicyFile.open(file.get())).engine();
            }
            return PolicyEngine.of(new PolicyReader(clock).readResource(PolicyReader.DEFAULT_POLICY));
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException("policy.file: " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T remember(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Runs the change set in the task's sandbox and, if every statement succeeded there, files it
     * PENDING. Completes with {@link FiledChange.Filed} or {@link FiledChange.Refused}; fails with
     * {@link dev.airlock.sandbox.server.SandboxUnavailableException} when the sandbox server is
     * down, {@link dev.airlock.approver.production.ProductionUnavailableException} when production
     * cannot be read, {@link dev.airlock.approver.store.StoreException} when the store cannot be
     * written. Nothing is filed in any of those cases.
     */
    public CompletableFuture<FiledChange> file(ChangeSubmission submission) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            FilingOutcome outcome = FilingOutcome.FAILED;
            try {
                FiledChange filed = filer.file(submission);
                outcome = filed instanceof FiledChange.Filed ? FilingOutcome.FILED : FilingOutcome.REFUSED;
                return filed;
            } finally {
                changeMetrics.filed(outcome, Duration.ofNanos(System.nanoTime() - start));
            }
        }, filing);
    }

    /**
     * Completes when the change settles: APPLIED (with production's results), FAILED, REJECTED,
     * EXPIRED, CANCELLED or NEEDS_REAPPROVAL, whichever instance decided it.
     */
    public CompletableFuture<ChangeOutcome> outcome(UUID id) {
        return watch.outcome(id);
    }

    /** Called with the id of every change that reaches APPLIED (on any instance sharing the store). */
    public void addAppliedListener(Consumer<UUID> listener) {
        watch.addAppliedListener(listener);
    }

    /**
     * Agents' tasks: start and end them, look up the task a credential belongs to (without
     * blocking), hear when one ends.
     */
    public Tasks tasks() {
        return tasks;
    }

    /**
     * What ending a task leaves behind, once {@link Tasks} has invalidated its credential and its
     * sessions were told: the sandbox is dropped (waiting for a filing in progress, which then
     * finds the task ended), and its PENDING and NEEDS_REAPPROVAL changes are CANCELLED (recorded).
     * Changes already APPROVED or EXECUTING go on.
     */
    private void cleanUpTask(String taskId) {
        filer.endTask(taskId);
        for (UUID id : store.changes().openIdsOfTask(taskId)) {
            ChangeRequest change = store.changes().find(id).orElse(null);
            if (change != null && change.state().canMoveTo(ChangeState.CANCELLED)) {
                try {
                    store.changes().move(id, change.version(), StateChange.to(ChangeState.CANCELLED, ACTOR,
                            "task " + taskId + " ended"));
                } catch (ConcurrentChangeException | IllegalTransitionException e) {
                    // decided at the same moment by someone else; their decision stands
                }
            }
        }
    }

    /** The policy in force (re-read when its file changes): statement decisions and approval rules. */
    public PolicyEngine policy() {
        return policy;
    }

    /**
     * Where the proxy records connections, authentications, statements and decisions. Its
     * {@code offer} never blocks; {@code false} means refuse what would go unrecorded.
     */
    public AuditSink auditSink() {
        return audit;
    }

    /** The port the REST API listens on. */
    public int httpPort() {
        return api.port();
    }

    /** Where a reviewer reads this change. */
    public URI reviewUrl(UUID id) {
        String base = settings.publicBaseUrl().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "changes/" + id);
    }

    @Override
    public void close() {
        if (filing != null) {
            filing.shutdownNow();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ControlPlane.class).warn("closing {} failed",
                        resources.get(i).getClass().getSimpleName(), e);
            }
        }
        resources.clear();
    }
}
