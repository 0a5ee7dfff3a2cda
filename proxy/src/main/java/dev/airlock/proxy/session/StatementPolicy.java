package dev.airlock.proxy.session;

import dev.airlock.approver.policy.IdentityFacts;
import dev.airlock.approver.policy.InvalidPolicyException;
import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.approver.policy.PolicyReader;
import dev.airlock.approver.policy.StatementContext;
import dev.airlock.approver.policy.StatementFacts;
import dev.airlock.approver.policy.StatementOutcome;
import dev.airlock.approver.policy.StatementRules;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.StatementDecision;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.Sha256;
import dev.airlock.proxy.protocol.SqlState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The policy's say on each statement, after the gate's. The gate is the floor and the policy can
 * only tighten it: a statement the gate refuses stays refused with the gate's SQLSTATE (an
 * application's write is 25006 whatever the policy says), and a policy {@code allow} of a change
 * still holds it for review, since no path but an approved replay writes to production. A
 * {@code deny} refuses the whole message with 42501 and names the rule; so does a {@code hold} of
 * a statement that is not a change (there is no effect to review). Every decision carries the rule
 * names, statement by statement, for the audit log.
 *
 * <p>One per session: the identity's facts are built once, and the verdict on the session's last
 * statement is kept for the next, so a session repeating a statement's shape (an application's
 * few queries, each run with new literals) pays a few comparisons instead of building the
 * statement's facts and looking them up in the policy's memory. The kept verdict is used only
 * while it cannot differ: same policy version, rules that read neither the time nor the
 * statement's text, the same classification (the gate's cached instance) and the same command.
 */
final class StatementPolicy {
    private final PolicyEngine engine;
    private final IdentityFacts who;
    private final TaskFacts task;
    /** Whether the identity works for a task: an agent, whose refused changes the policy still sees. */
    private final boolean hasTask;
    private Remembered last;

    /** The last verdict and what it was reached on. */
    private record Remembered(StatementRules rules, Classification classification, String command,
            dev.airlock.approver.policy.StatementDecision verdict) {
        boolean isFor(StatementRules otherRules, StatementDecision statement) {
            return rules == otherRules && classification == statement.classification()
                    && Objects.equals(command, statement.statement().word(0));
        }
    }

    StatementPolicy(PolicyEngine engine, Identity identity) {
        this.engine = engine;
        this.who = identityFacts(identity);
        this.task = identity.task() == null ? TaskFacts.NONE : identity.task();
        this.hasTask = identity.task() != null;
    }

    /** The built-in default policy, for Airlock run without a control plane. */
    static PolicyEngine builtIn() {
        try {
            return PolicyEngine.of(new PolicyReader().readResource(PolicyReader.DEFAULT_POLICY));
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException("the built-in policy does not load", e);
        }
    }

    QueryDecision apply(QueryDecision decision) {
        boolean agentChange = hasTask && decision.isChangeForAgent();
        if (decision.statements().isEmpty() || decision.isRefused() && !agentChange) {
            return decision;
        }
        StatementRules policy = engine.statementRules();
        List<String> rules = new ArrayList<>(decision.statements().size());
        PgException denial = null;
        for (StatementDecision statement : decision.statements()) {
            var verdict = verdict(policy, statement);
            rules.add(verdict.rule().name());
            if (denial != null) {
                continue;
            }
            Classification classification = statement.classification();
            if (verdict.outcome() instanceof StatementOutcome.Deny deny) {
                denial = refusal(statement, deny.message(), verdict.rule().name());
            } else if (verdict.outcome() instanceof StatementOutcome.Hold && !classification.kind().isChange()) {
                denial = refusal(statement, "the policy holds it for review, but it changes nothing to review",
                        verdict.rule().name());
            }
        }
        return denial == null ? decision.withRules(rules) : decision.deniedBy(denial, rules);
    }

    private dev.airlock.approver.policy.StatementDecision verdict(StatementRules policy, StatementDecision statement) {
        if (last != null && last.isFor(policy, statement)) {
            return last.verdict();
        }
        StatementFacts facts = facts(statement, policy.readsStatementText());
        var verdict = policy.decide(new StatementContext(who, task, facts, Instant.now()));
        last = policy.readsTime() || policy.readsStatementText() ? null
                : new Remembered(policy, statement.classification(), statement.statement().word(0), verdict);
        return verdict;
    }

    static IdentityFacts identityFacts(Identity identity) {
        return new IdentityFacts(identity.name(), identity.kind().name().toLowerCase(Locale.ROOT), identity.owner());
    }

    /**
     * The statement as the policy sees it; without {@code withText} its text hash is left empty
     * (hashing every statement costs more than a remembered decision).
     */
    static StatementFacts facts(StatementDecision statement, boolean withText) {
        Classification classification = statement.classification();
        return new StatementFacts(dev.airlock.approver.policy.StatementKind.valueOf(classification.kind().name()),
                statement.statement().word(0), withText ? Sha256.hex(statement.statement().text()) : "",
                List.copyOf(classification.reads()), List.copyOf(classification.writes()),
                List.copyOf(classification.functions()));
    }

    private static PgException refusal(StatementDecision statement, String message, String rule) {
        String what = statement.statement().word(0) == null ? "statement"
                : statement.statement().word(0).toUpperCase(Locale.ROOT);
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "Airlock refused " + what + ": " + message
                + " (policy rule '" + rule + "')").withHint("The task's scope and the policy decide what this"
                + " identity may do; ask an admin for a task whose scope covers it.");
    }
}
