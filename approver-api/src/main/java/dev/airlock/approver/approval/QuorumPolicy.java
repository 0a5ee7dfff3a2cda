package dev.airlock.approver.approval;

import dev.airlock.sandbox.lint.RiskLevel;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many distinct approvers a change of each risk level needs. Every level must be given and be
 * at least one: a missing level would let a change through with no approval at all.
 */
public record QuorumPolicy(Map<RiskLevel, Integer> required) {
    public QuorumPolicy {
        EnumMap<RiskLevel, Integer> copy = new EnumMap<>(RiskLevel.class);
        for (RiskLevel level : RiskLevel.values()) {
            Integer count = required.get(level);
            if (count == null || count < 1) {
                throw new IllegalArgumentException("quorum for risk " + level + " must be at least 1, not " + count);
            }
            copy.put(level, count);
        }
        required = Map.copyOf(copy);
    }

    /** One approver up to MEDIUM risk, two for HIGH and CRITICAL. */
    public static QuorumPolicy defaults() {
        return new QuorumPolicy(Map.of(RiskLevel.NONE, 1, RiskLevel.LOW, 1, RiskLevel.MEDIUM, 1, RiskLevel.HIGH, 2,
                RiskLevel.CRITICAL, 2));
    }

    public int required(RiskLevel risk) {
        return required.get(risk);
    }
}
