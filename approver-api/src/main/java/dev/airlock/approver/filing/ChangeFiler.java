package dev.airlock.approver.filing;

import dev.airlock.approver.ChangeSubmission;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ApprovalNeed;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.policy.ApprovalContext;
import dev.airlock.approver.policy.ApprovalRequirement;
import dev.airlock.approver.policy.ChangeFacts;
import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.approver.policy.StatementFacts;
import dev.airlock.approver.production.ProductionSnapshots;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.effect.Effect;
import dev.airlock.sandbox.effect.EffectOptions;
import dev.airlock.sandbox.effect.StatementResult;
import dev.airlock.sandbox.rows.ProductionContext;
import dev.airlock.sandbox.sql.SandboxMessage;
import dev.airlock.sandbox.sql.StatementClass;
import dev.airlock.sandbox.task.TaskSandbox;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Files a change: production snapshot (read-only role) → the task's sandbox → the effect → a
 * PENDING change request. Only a change set whose every statement succeeded in the sandbox is
 * filed; otherwise the sandbox's error goes back and nothing is stored. A statement PostgreSQL
 * runs only outside a transaction must be alone in its change set (the replay could not undo the
 * others). A task that has ended files nothing. Filings of one task run one at a time, in order; the sandbox, production and store
 * exceptions pass through unchanged (nothing is filed).
 */
public final class ChangeFiler {
    public static final String ACTOR_PREFIX = "agent:";

    private final Sandbox sandbox;
    private final TaskSandboxRegistry tasks;
    private final ProductionSnapshots snapshots;
    private final ProductionContext production;
    private final ChangeRepository changes;
    private final Clock clock;
    private final Duration ttl;
    private final Function<UUID, URI> reviewUrl;
    private final Predicate<String> taskEnded;
    private final PolicyEngine policy;
    private final Map<String, Object> taskLocks = new ConcurrentHashMap<>();

    public ChangeFiler(Sandbox sandbox, ProductionSnapshots snapshots, ProductionContext production,
                       ChangeRepository changes, Clock clock, Duration ttl, Function<UUID, URI> reviewUrl,
                       Predicate<String> taskEnded, PolicyEngine policy) {
        this.sandbox = sandbox;
        this.tasks = new TaskSandboxRegistry(sandbox);
        this.snapshots = snapshots;
        this.production = production;
        this.changes = changes;
        this.clock = clock;
        this.ttl = ttl;
        this.reviewUrl = reviewUrl;
        this.taskEnded = taskEnded;
        this.policy = policy;
    }

    public FiledChange file(ChangeSubmission submission) {
        ChangeSet changeSet = submission.changeSet();
        if (changeSet.statements().size() > 1 && changeSet.statements().stream()
                .anyMatch(s -> StatementClass.of(s.sql()) == StatementClass.NON_TRANSACTIONAL)) {
            return new FiledChange.Refused(0, SandboxMessage.airlock("25001", "a statement that cannot run inside a"
                    + " transaction block must be submitted on its own"), "not filed: the replay could not undo the"
                    + " other statements if it failed");
        }
        synchronized (taskLocks.computeIfAbsent(submission.taskId(), id -> new Object())) {
            if (taskEnded.test(submission.taskId())) {
                return new FiledChange.Refused(0, SandboxMessage.airlock("57P01", "task " + submission.taskId()
                        + " has ended; its credential and sessions no longer work"), "not filed: the task ended");
            }
            CatalogSnapshot now = snapshots.current();
            TaskSandbox task = tasks.ensure(submission.taskId(), now,
                    () -> !changes.openIdsOfTask(submission.taskId()).isEmpty());
            Effect effect = sandbox.computeEffect(task, changeSet, EffectOptions.keep(production));
            if (effect.outcome() != Effect.Outcome.SUCCEEDED) {
                return refused(effect);
            }
            Instant at = clock.instant();
            UUID id = UUID.randomUUID();
            String statementsSha256 = changeSet.sha256();
            ChangeRequest change = new ChangeRequest(id, submission.agent(), submission.taskId(), submission.sessionId(),
                    changeSet, statementsSha256, task.mirror().fingerprint(), effect.canonicalJson(), effect.sha256(),
                    effect.risk(), approvalNeed(submission, effect, at), submission.heldBy(), submission.task().intent(),
                    ChangeState.PENDING, "filed by " + submission.agent(), 0, at, at, at.plus(ttl), null, null);
            changes.insert(change, ACTOR_PREFIX + submission.agent(), "filed from session " + submission.sessionId());
            return new FiledChange.Filed(id, ChangeState.PENDING, statementsSha256, change.effectSha256(),
                    change.baseFingerprint(), effect.risk(), effect.statements(), reviewUrl.apply(id));
        }
    }

    /**
     * What the policy's approval rules ask of this change: each statement is put to the rules with
     * the effect of the whole set, and the strictest answer stands. Without the gate's facts about
     * every statement, the strictest rule of the policy applies.
     */
    private ApprovalNeed approvalNeed(ChangeSubmission submission, Effect effect, Instant at) {
        if (!submission.hasStatementFacts()) {
            return need(policy.strictest("the statements were not described by the gate"));
        }
        ChangeFacts facts = ChangeFacts.of(effect);
        ApprovalNeed need = null;
        for (StatementFacts statement : submission.statements()) {
            ApprovalNeed asked = need(policy.require(new ApprovalContext(submission.identity(), submission.task(),
                    statement, facts, at)));
            need = need == null ? asked : need.stricter(asked);
        }
        return need;
    }

    private static ApprovalNeed need(ApprovalRequirement requirement) {
        return new ApprovalNeed(requirement.approvers(), requirement.group().orElse(""), requirement.rule().name());
    }

    /**
     * Drops the task's sandbox once any filing of it in progress is done (its pending changes are
     * cancelled by the caller, after this returns).
     */
    public void endTask(String taskId) {
        synchronized (taskLocks.computeIfAbsent(taskId, id -> new Object())) {
            tasks.drop(taskId);
        }
        taskLocks.remove(taskId);
    }

    private static FiledChange refused(Effect effect) {
        for (StatementResult result : effect.statements()) {
            if (result.error() != null) {
                return new FiledChange.Refused(result.index(), result.error(), effect.note());
            }
        }
        return new FiledChange.Refused(0, SandboxMessage.airlock("0A000", "the sandbox could not measure this change"
                + " set"), effect.note());
    }
}
