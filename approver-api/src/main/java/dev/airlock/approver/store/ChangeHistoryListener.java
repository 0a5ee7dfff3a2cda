package dev.airlock.approver.store;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.Transition;

/**
 * Told of every committed entry in a change request's history, after the commit and on the
 * committing thread: a move ({@code change} says what was written with it, e.g. production's
 * results when the move ends a replay) and a reviewer's decision. The audit log listens here, so
 * no caller of the repository can move a change without it being recorded.
 */
public interface ChangeHistoryListener {
    void moved(Transition transition, StateChange change);

    void decided(Approval approval);
}
