package dev.airlock.approver.task;

import java.util.List;

/**
 * The open sessions of a task on this instance, as the proxy knows them (the control plane has no
 * session of its own). {@link #NONE} until a proxy registers itself.
 */
@FunctionalInterface
public interface OpenSessions {
    OpenSessions NONE = taskId -> List.of();

    List<TaskSession> of(String taskId);
}
