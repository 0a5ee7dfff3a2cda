package dev.airlock.sandbox.task;

import dev.airlock.sandbox.mirror.Mirror;

/**
 * A task's sandbox: its own database, cloned from the mirror template of a production fingerprint,
 * owned by its own non-superuser LOGIN role. Both names derive from the task id.
 */
public record TaskSandbox(String taskId, String database, String role, Mirror mirror) {
}
