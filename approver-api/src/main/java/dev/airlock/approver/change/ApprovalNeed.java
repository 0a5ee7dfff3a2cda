package dev.airlock.approver.change;

import java.util.Objects;

/**
 * What the policy asked of a change's approvals when it was filed: how many distinct approvers,
 * from which group (empty: any approver), and the rule that said so. The configured quorum for the
 * change's risk is a floor under it.
 */
public record ApprovalNeed(int approvers, String group, String rule) {
    /** Changes filed before policies decided approvals: the risk quorum alone. */
    public static final ApprovalNeed QUORUM_ONLY = new ApprovalNeed(1, "", "");

    public ApprovalNeed {
        if (approvers < 1) {
            throw new IllegalArgumentException("a change needs at least one approver, not " + approvers);
        }
        group = group == null ? "" : group;
        Objects.requireNonNull(rule, "rule");
    }

    /** The stricter of the two: more approvers wins; on a tie, the one that names a group. */
    public ApprovalNeed stricter(ApprovalNeed other) {
        if (other.approvers != approvers) {
            return other.approvers > approvers ? other : this;
        }
        return group.isEmpty() && !other.group.isEmpty() ? other : this;
    }
}
