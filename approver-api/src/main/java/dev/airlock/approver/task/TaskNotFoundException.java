package dev.airlock.approver.task;

/** No task has the id asked for. */
public final class TaskNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String id) {
        super("no task has the id '" + id + "'");
    }
}
