package dev.airlock.approver.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * How many approvers a held change needs, optionally all from one group (e.g. {@code dba}), and
 * the rule that said so. {@code failure} is present when a condition could not be evaluated: the
 * requirement is then the strictest in the policy (see {@link PolicyEngine#require}).
 */
public record ApprovalRequirement(int approvers, Optional<String> group, RuleRef rule, Optional<String> failure) {
    public ApprovalRequirement {
        if (approvers < 1) {
            throw new IllegalArgumentException("approvers must be at least 1, not " + approvers);
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(failure, "failure");
    }
}
