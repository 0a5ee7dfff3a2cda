package dev.airlock.approver.policy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statement rules of one policy version, and the decisions already made by them. Rules are
 * tried in file order and the first whose condition is {@code true} decides; a condition that
 * cannot be evaluated denies the statement naming that rule (see {@link PolicyEngine}).
 *
 * <p>A rule condition is a pure function of the context (CEL has no side effects, and the policy's
 * tags belong to the version), so a decision can be remembered for the same identity, task and
 * statement facts, unless a rule reads the time. Which variables the rules read is found in the
 * conditions' text: a name mentioned anywhere, even inside a string literal, counts as read, so
 * the test can err only toward not remembering.
 *
 * <p>When no rule reads {@code statement.text_sha256}, callers may leave it empty
 * ({@link #readsStatementText()}); statements that differ only in their literals then share one
 * remembered decision, which is what keeps the policy off the per-statement cost of a busy read
 * workload. The memory is bounded: past {@value #REMEMBERED} decisions it starts again.
 */
public final class StatementRules {
    private static final Logger LOG = LoggerFactory.getLogger(StatementRules.class);
    private static final int REMEMBERED = 4096;
    private static final Pattern TIME = Pattern.compile("\\bnow\\b");
    private static final Pattern TEXT = Pattern.compile("\\btext_sha256\\b");

    private final Policy policy;
    private final boolean readsTime;
    private final boolean readsText;
    private final Map<Facts, StatementDecision> remembered = new ConcurrentHashMap<>();

    StatementRules(Policy policy) {
        this.policy = policy;
        this.readsTime = policy.statementRules().stream().anyMatch(rule -> TIME.matcher(rule.when()).find());
        this.readsText = policy.statementRules().stream().anyMatch(rule -> TEXT.matcher(rule.when()).find());
    }

    Policy policy() {
        return policy;
    }

    /** Whether a rule reads the statement's text hash; if not, {@link StatementFacts#textSha256()} may be empty. */
    public boolean readsStatementText() {
        return readsText;
    }

    /** Whether a rule reads the time, so that the same facts may be decided differently from one moment to the next. */
    public boolean readsTime() {
        return readsTime;
    }

    /** The decision on {@code context}, remembered when no rule reads the time. */
    public StatementDecision decide(StatementContext context) {
        if (readsTime) {
            return evaluate(context);
        }
        Facts facts = new Facts(context.identity(), context.task(), context.statement());
        StatementDecision known = remembered.get(facts);
        if (known != null) {
            return known;
        }
        StatementDecision decision = evaluate(context);
        if (remembered.size() >= REMEMBERED) {
            remembered.clear();
        }
        remembered.put(facts, decision);
        return decision;
    }

    private StatementDecision evaluate(StatementContext context) {
        Map<String, Object> values = ContextValues.of(context, policy.tags());
        for (StatementRule rule : policy.statementRules()) {
            boolean matched;
            try {
                matched = PolicyEngine.evaluate(rule.condition(), values);
            } catch (PolicyEngine.ConditionFailure failure) {
                LOG.warn("policy {} rule {} could not be evaluated, statement denied: {}",
                        policy.source(), rule.ref(), failure.getMessage());
                return new StatementDecision(new StatementOutcome.Deny("policy rule '" + rule.ref().name()
                        + "' could not be evaluated, so the statement is denied"), rule.ref(),
                        Optional.of(failure.getMessage()));
            }
            if (matched) {
                return new StatementDecision(rule.outcome(), rule.ref(), Optional.empty());
            }
        }
        throw new IllegalStateException("policy " + policy.source() + " has no default statement rule");
    }

    private record Facts(IdentityFacts identity, TaskFacts task, StatementFacts statement) {
    }
}
