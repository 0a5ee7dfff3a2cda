package dev.airlock.approver.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides statements and approval requirements by the current policy: rules are tried in file
 * order and the first whose condition is {@code true} decides; the last rule of each list matches
 * everything, so there is always a decision, and it names its rule.
 *
 * <p>Fail closed: a condition that cannot be evaluated (a value missing at run time, a null row
 * count compared with a number, a map looked up by an absent key) or that yields anything but a
 * boolean stops the walk. A statement is then denied, and a change needs the largest number of
 * approvers any approval rule asks for (with that rule's group), in both cases naming the rule
 * that failed. Skipping a broken rule instead would let a later, laxer rule decide.
 *
 * <p>The policy is fetched once per call from the supplier ({@link PolicyFile#current()} for a
 * hot-reloaded file), so one decision always uses one version.
 */
public final class PolicyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final Supplier<Policy> policy;
    private volatile StatementRules statementRules;

    public PolicyEngine(Supplier<Policy> policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** An engine for one fixed policy. */
    public static PolicyEngine of(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        return new PolicyEngine(() -> policy);
    }

    public StatementDecision decide(StatementContext context) {
        return statementRules().decide(context);
    }

    /** The current policy's statement rules: one version for a caller that asks and then decides. */
    public StatementRules statementRules() {
        Policy current = policy.get();
        StatementRules rules = statementRules;
        if (rules == null || rules.policy() != current) {
            rules = new StatementRules(current);
            statementRules = rules;
        }
        return rules;
    }

    public ApprovalRequirement require(ApprovalContext context) {
        Policy current = policy.get();
        Map<String, Object> values = ContextValues.of(context, current.tags());
        for (ApprovalRule rule : current.approvalRules()) {
            boolean matched;
            try {
                matched = evaluate(rule.condition(), values);
            } catch (ConditionFailure failure) {
                ApprovalRule strictest = strictestRule(current);
                LOG.warn("policy {} rule {} could not be evaluated, change needs {} approvers: {}",
                        current.source(), rule.ref(), strictest.approvers(), failure.getMessage());
                return new ApprovalRequirement(strictest.approvers(), strictest.group(), rule.ref(),
                        Optional.of(failure.getMessage()));
            }
            if (matched) {
                return new ApprovalRequirement(rule.approvers(), rule.group(), rule.ref(), Optional.empty());
            }
        }
        throw new IllegalStateException("policy " + current.source() + " has no default approval rule");
    }

    /**
     * The strictest requirement in the policy (most approvers, the earliest such rule), for a
     * change whose statements Airlock cannot describe to the rules.
     */
    public ApprovalRequirement strictest(String why) {
        ApprovalRule strictest = strictestRule(policy.get());
        return new ApprovalRequirement(strictest.approvers(), strictest.group(), strictest.ref(), Optional.of(why));
    }

    private static ApprovalRule strictestRule(Policy current) {
        return current.approvalRules().stream()
                .max(Comparator.comparingInt(ApprovalRule::approvers).thenComparing(r -> -r.ref().index()))
                .orElseThrow();
    }

    static boolean evaluate(CelRuntime.Program condition, Map<String, Object> values) throws ConditionFailure {
        Object result;
        try {
            result = condition.eval(values);
        } catch (CelEvaluationException | RuntimeException e) {
            throw new ConditionFailure(e.getMessage());
        }
        if (result instanceof Boolean matched) {
            return matched;
        }
        throw new ConditionFailure("the condition gave " + result + " instead of true or false");
    }

    /** A condition that could not be evaluated. */
    static final class ConditionFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ConditionFailure(String message) {
            super(message);
        }
    }
}
