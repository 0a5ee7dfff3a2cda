package dev.airlock.approver.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A statement rule's verdict and the rule that gave it. {@code failure} is present when the
 * rule's condition could not be evaluated: the outcome is then a {@link StatementOutcome.Deny}
 * whatever the rule said (fail closed), and {@code rule} names the rule that failed.
 */
public record StatementDecision(StatementOutcome outcome, RuleRef rule, Optional<String> failure) {
    public StatementDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(failure, "failure");
    }
}
