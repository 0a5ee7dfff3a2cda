package dev.airlock.approver.task;

import java.util.Objects;

/**
 * A task just started, with what is shown once and never again: the credential's secret and the
 * connection strings that carry it. Airlock keeps only the verifier.
 */
public record IssuedTask(Task task, String secret, String jdbcUrl, String uri) {
    public IssuedTask {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(uri, "uri");
    }

    /** Without the secret. */
    @Override
    public String toString() {
        return "IssuedTask[" + task + "]";
    }
}
