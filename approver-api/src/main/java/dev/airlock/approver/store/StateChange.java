package dev.airlock.approver.store;

import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.sandbox.lint.RiskLevel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A move of a change request to {@code to}, by {@code actor} for {@code reason}, with what is
 * written together with it (null: unchanged): a recomputed effect (drift), production's results
 * (replay), the post-apply verification, a new expiry (back to PENDING).
 */
public record StateChange(ChangeState to, String actor, String reason, Revision revision,
                          List<ProductionResult> results, String verification, Boolean verificationMatched,
                          Instant expiresAt) {
    /** A recomputed effect and the production fingerprint it was computed against. */
    public record Revision(String baseFingerprint, String effectJson, String effectSha256, RiskLevel risk) {
    }

    public StateChange {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        results = results == null ? null : List.copyOf(results);
    }

    public static StateChange to(ChangeState to, String actor, String reason) {
        return new StateChange(to, actor, reason, null, null, null, null, null);
    }

    public StateChange withRevision(Revision newRevision) {
        return new StateChange(to, actor, reason, newRevision, results, verification, verificationMatched, expiresAt);
    }

    public StateChange withResults(List<ProductionResult> newResults) {
        return new StateChange(to, actor, reason, revision, newResults, verification, verificationMatched, expiresAt);
    }

    public StateChange withVerification(String text, boolean matched) {
        return new StateChange(to, actor, reason, revision, results, text, matched, expiresAt);
    }

    public StateChange withExpiry(Instant newExpiresAt) {
        return new StateChange(to, actor, reason, revision, results, verification, verificationMatched, newExpiresAt);
    }
}
