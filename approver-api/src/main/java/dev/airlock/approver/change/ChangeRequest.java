package dev.airlock.approver.change;

import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.lint.RiskLevel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One change request as stored: who asked (agent identity, task, session), the exact statements
 * and their SHA-256, the production fingerprint the effect was computed against, the effect as
 * canonical JSON with its SHA-256, its risk, what the policy asked of its approvals, the policy
 * rules that held its statements for review ({@code heldBy}, one per statement; empty when unknown),
 * the intent its task declared, the state with the reason for the last move, the
 * optimistic-concurrency {@code version}, and timestamps. {@code verification} is the post-apply
 * comparison of production's diff with the predicted one (null until applied), and
 * {@code verificationMatched} whether they agreed.
 */
public record ChangeRequest(UUID id, String agent, String taskId, String sessionId, ChangeSet changeSet,
                            String statementsSha256, String baseFingerprint, String effectJson, String effectSha256,
                            RiskLevel risk, ApprovalNeed approvalNeed, List<String> heldBy, String intent,
                            ChangeState state, String reason, long version, Instant createdAt, Instant updatedAt,
                            Instant expiresAt, String verification, Boolean verificationMatched) {
    public ChangeRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(changeSet, "changeSet");
        Objects.requireNonNull(statementsSha256, "statementsSha256");
        Objects.requireNonNull(baseFingerprint, "baseFingerprint");
        Objects.requireNonNull(effectJson, "effectJson");
        Objects.requireNonNull(effectSha256, "effectSha256");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(approvalNeed, "approvalNeed");
        heldBy = List.copyOf(heldBy);
        intent = intent == null ? "" : intent;
        Objects.requireNonNull(state, "state");
    }
}
