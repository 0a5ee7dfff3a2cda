package dev.airlock.proxy.agent;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ChangeSubmission;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Sessions' view of the control plane: filing and outcomes, nothing else of it. */
public final class ControlPlaneChanges implements ChangeFiling {
    private final ControlPlane controlPlane;

    public ControlPlaneChanges(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public CompletableFuture<FiledChange> file(ChangeSubmission submission) {
        return controlPlane.file(submission);
    }

    @Override
    public CompletableFuture<ChangeOutcome> outcome(UUID changeId) {
        return controlPlane.outcome(changeId);
    }
}
