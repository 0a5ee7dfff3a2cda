package dev.airlock.approver.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One open client session of a task, as the proxy serving it reports it: the session id the
 * proxy gave it (its BackendKeyData process id), where the client connects from, its
 * application_name, when it connected and whether a statement or transaction is in progress.
 */
public record TaskSession(int sessionId, String client, String applicationName, Instant connectedAt, String state) {
    public TaskSession {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(state, "state");
        applicationName = applicationName == null ? "" : applicationName;
    }
}
