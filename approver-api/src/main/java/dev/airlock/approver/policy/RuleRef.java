package dev.airlock.approver.policy;

/**
 * The rule that made a decision: its name, its list ({@code statement_rules} or
 * {@code approval_rules}) and its zero-based position there, and the SHA-256 of the policy file
 * it came from, so an audit record names exactly which text decided.
 */
public record RuleRef(String list, int index, String name, String policySha256) {
    @Override
    public String toString() {
        return list + "[" + index + "] '" + name + "'";
    }
}
