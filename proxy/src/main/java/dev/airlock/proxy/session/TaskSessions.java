package dev.airlock.proxy.session;

import dev.airlock.approver.task.OpenSessions;
import dev.airlock.approver.task.TaskEnded;
import dev.airlock.approver.task.TaskSession;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of each task logged in with a task credential, so that ending the task ends
 * them (each gets FATAL 57P01 naming the task and why it ended, on its own event loop, and is
 * closed, its production connection with it), and so that admins can see them ({@link #of}).
 */
final class TaskSessions implements OpenSessions {
    /** What is known of a session from when it opened; its state is read when asked. */
    record Opened(ClientSession session, String client, String applicationName, Instant at) {
    }

    private final Map<String, Map<ClientConnectionHandler, Opened>> byTask = new ConcurrentHashMap<>();

    void add(String taskId, ClientConnectionHandler connection, Opened opened) {
        byTask.computeIfAbsent(taskId, id -> new ConcurrentHashMap<>()).put(connection, opened);
    }

    void remove(String taskId, ClientConnectionHandler connection) {
        byTask.computeIfPresent(taskId, (id, sessions) -> {
            sessions.remove(connection);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Terminates every session of the task that ended. */
    void terminate(TaskEnded ended) {
        Map<ClientConnectionHandler, Opened> sessions = byTask.remove(ended.taskId());
        if (sessions == null) {
            return;
        }
        PgException fatal = terminated(ended.taskId(), ended.reason());
        for (ClientConnectionHandler connection : sessions.keySet()) {
            connection.channel().executor().execute(() -> connection.fail(fatal));
        }
    }

    @Override
    public List<TaskSession> of(String taskId) {
        return byTask.getOrDefault(taskId, Map.of()).values().stream()
                .map(opened -> new TaskSession(opened.session().processId(), opened.client(), opened.applicationName(),
                        opened.at(), state(opened.session().transactionStatus())))
                .sorted(Comparator.comparing(TaskSession::connectedAt)).toList();
    }

    private static String state(TransactionStatus status) {
        return switch (status) {
            case IDLE -> "idle";
            case IN_TRANSACTION -> "in transaction";
            case FAILED -> "in a failed transaction";
        };
    }

    static PgException terminated(String taskId, String reason) {
        return PgException.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection because task " + taskId
                + " has ended: " + reason).withHint("Start a new task for a new credential.");
    }
}
