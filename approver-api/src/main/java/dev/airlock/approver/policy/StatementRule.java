package dev.airlock.approver.policy;

import dev.cel.runtime.CelRuntime;

/** A compiled statement rule: when {@code condition} holds, {@code outcome} applies. */
public record StatementRule(RuleRef ref, String description, String when, CelRuntime.Program condition,
                     StatementOutcome outcome) {
}
