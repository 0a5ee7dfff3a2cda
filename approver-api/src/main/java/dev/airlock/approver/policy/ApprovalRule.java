package dev.airlock.approver.policy;

import dev.cel.runtime.CelRuntime;
import java.util.Optional;

/** A compiled approval rule: when {@code condition} holds, the change needs {@code approvers} from {@code group}. */
public record ApprovalRule(RuleRef ref, String description, String when, CelRuntime.Program condition, int approvers,
                    Optional<String> group) {
}
