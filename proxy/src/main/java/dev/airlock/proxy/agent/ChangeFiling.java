package dev.airlock.proxy.agent;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ChangeSubmission;
import dev.airlock.approver.FiledChange;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a session may ask of the control plane, and nothing more: file a change set, and learn how
 * a change settled. Sessions see this interface, never the control plane itself, so the code that
 * serves a client cannot reach the replay executor or its credential (DESIGN §1, promise 2).
 * Both futures complete off the event loop; callers hop back to their channel's loop.
 */
public interface ChangeFiling {
    CompletableFuture<FiledChange> file(ChangeSubmission submission);

    CompletableFuture<ChangeOutcome> outcome(UUID changeId);
}
