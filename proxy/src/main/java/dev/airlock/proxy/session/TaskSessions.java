package dev.airlock.proxy.session;

import dev.airlock.approver.task.TaskEnded;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of each task logged in with a task credential, so that ending the task ends
 * them: each gets FATAL 57P01 naming the task and why it ended, on its own event loop, and is
 * closed (its production connection with it).
 */
final class TaskSessions {
    private final Map<String, Set<ClientConnectionHandler>> byTask = new ConcurrentHashMap<>();

    void add(String taskId, ClientConnectionHandler connection) {
        byTask.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(String taskId, ClientConnectionHandler connection) {
        byTask.computeIfPresent(taskId, (id, sessions) -> {
            sessions.remove(connection);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Terminates every session of the task that ended. */
    void terminate(TaskEnded ended) {
        Set<ClientConnectionHandler> sessions = byTask.remove(ended.taskId());
        if (sessions == null) {
            return;
        }
        PgException fatal = terminated(ended.taskId(), ended.reason());
        for (ClientConnectionHandler connection : sessions) {
            connection.channel().executor().execute(() -> connection.fail(fatal));
        }
    }

    static PgException terminated(String taskId, String reason) {
        return PgException.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection because task " + taskId
                + " has ended: " + reason).withHint("Start a new task for a new credential.");
    }
}
