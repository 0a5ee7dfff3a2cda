package dev.airlock.approver.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One loaded, validated version of a policy file: its rules compiled, its tags, the SHA-256 of its
 * text and when it was loaded. Immutable; a reload makes a new one. Build it with
 * {@link PolicyReader#read}.
 */
public record Policy(String source, String sha256, Instant loadedAt, Map<String, List<String>> tags,
                     List<StatementRule> statementRules, List<ApprovalRule> approvalRules) {
    public Policy {
        tags = Map.copyOf(tags);
        statementRules = List.copyOf(statementRules);
        approvalRules = List.copyOf(approvalRules);
    }
}
