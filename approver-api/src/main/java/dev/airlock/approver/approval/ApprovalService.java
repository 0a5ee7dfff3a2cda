package dev.airlock.approver.approval;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.store.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reviewers' decisions. An approval is refused, with nothing written, when the reviewer is the
 * requesting identity (separation of duties), when any of the three hashes they saw differs from
 * the change as stored, when the change is not PENDING, or when they already approved this
 * effect, or when the policy asked for approvers of a group the reviewer is not in. Approvals
 * count per effect hash, one per distinct reviewer; when the count reaches what the policy asked
 * (never less than the configured quorum for the change's risk) the change moves to APPROVED in the same transaction and is handed
 * to the executor. A decision that lost a race with another (the version moved) is re-checked
 * from scratch against the change as it is now.
 */
public final class ApprovalService {
    private static final int ATTEMPTS = 3;

    private final ChangeRepository changes;
    private final QuorumPolicy quorum;
    private final Consumer<UUID> onApproved;
    private final Clock clock;
    private final Duration ttl;

    public ApprovalService(ChangeRepository changes, QuorumPolicy quorum, Consumer<UUID> onApproved, Clock clock,
                           Duration ttl) {
        this.changes = changes;
        this.quorum = quorum;
        this.onApproved = onApproved;
        this.clock = clock;
        this.ttl = ttl;
    }

    public ChangeRequest approve(UUID id, Approver reviewer, ReviewedHashes hashes, String comment) {
        String approver = reviewer.name();
        for (int attempt = 1; ; attempt++) {
            ChangeRequest change = changes.get(id);
            if (change.agent().equals(approver)) {
                throw new DecisionRefusedException(DecisionRefusedException.Reason.SELF_APPROVAL, approver
                        + " asked for change " + id + " and cannot approve it; another reviewer must");
            }
            requirePending(change);
            String group = change.approvalNeed().group();
            if (!group.isEmpty() && !reviewer.groups().contains(group)) {
                throw new DecisionRefusedException(DecisionRefusedException.Reason.NOT_IN_GROUP, "change " + id
                        + " needs approvers from group '" + group + "' (policy rule '" + change.approvalNeed().rule()
                        + "'); " + approver + " is not in it");
            }
            List<String> wrong = hashes.mismatches(change);
            if (!wrong.isEmpty()) {
                throw new DecisionRefusedException(DecisionRefusedException.Reason.HASH_MISMATCH, "change " + id
                        + " is not what was reviewed: " + String.join(", ", wrong) + " differ" + (wrong.size() == 1 ? "s" : "")
                        + "; reload the change, review it again and approve with its current hashes");
            }
            List<String> approvedBy = changes.approvals(id).stream()
                    .filter(a -> a.decision() == Approval.Decision.APPROVE && a.effectSha256().equals(change.effectSha256()))
                    .map(Approval::approver).distinct().toList();
            if (approvedBy.contains(approver)) {
                throw new DecisionRefusedException(DecisionRefusedException.Reason.ALREADY_APPROVED, approver
                        + " already approved change " + id + "; it needs " + needed(change) + " distinct approvers");
            }
            int count = approvedBy.size() + 1;
            int needed = needed(change);
            StateChange move = count >= needed ? StateChange.to(ChangeState.APPROVED, approver, "quorum reached: "
                    + count + " of " + needed + " approvers (risk " + change.risk() + ", policy rule '"
                    + change.approvalNeed().rule() + "')") : null;
            Approval approval = new Approval(id, approver, Approval.Decision.APPROVE, comment, change.effectSha256(),
                    clock.instant());
            try {
                ChangeRequest decided = changes.decide(id, change.version(), approval, move);
                if (decided.state() == ChangeState.APPROVED) {
                    onApproved.accept(id);
                }
                return decided;
            } catch (ConcurrentChangeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The policy's number for the change, never below the configured quorum for its risk. */
    public int needed(ChangeRequest change) {
        return Math.max(quorum.required(change.risk()), change.approvalNeed().approvers());
    }

    public ChangeRequest reject(UUID id, String approver, String comment) {
        for (int attempt = 1; ; attempt++) {
            ChangeRequest change = changes.get(id);
            requirePending(change);
            Approval rejection = new Approval(id, approver, Approval.Decision.REJECT, comment, change.effectSha256(),
                    clock.instant());
            try {
                return changes.decide(id, change.version(), rejection, StateChange.to(ChangeState.REJECTED, approver,
                        "rejected by " + approver + (comment == null || comment.isBlank() ? "" : ": " + comment)));
            } catch (ConcurrentChangeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Puts a change that drifted back up for review with its recomputed effect and a fresh expiry. */
    public ChangeRequest reopen(UUID id, String actor) {
        ChangeRequest change = changes.get(id);
        if (change.state() != ChangeState.NEEDS_REAPPROVAL) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.NOT_DECIDABLE, "change " + id + " is "
                    + change.state() + "; only a change that NEEDS_REAPPROVAL can be reopened");
        }
        return changes.move(id, change.version(), StateChange.to(ChangeState.PENDING, actor,
                "reopened for review with the recomputed effect").withExpiry(clock.instant().plus(ttl)));
    }

    private static void requirePending(ChangeRequest change) {
        if (change.state() != ChangeState.PENDING) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.NOT_DECIDABLE, "change " + change.id()
                    + " is " + change.state() + ", not PENDING; it cannot be decided"
                    + (change.state() == ChangeState.NEEDS_REAPPROVAL ? " until it is reopened for review" : ""));
        }
    }
}
