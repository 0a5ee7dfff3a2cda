package dev.airlock.approver.filing;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.task.TaskSandbox;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The sandbox of each task this instance has filed for, and the production fingerprint it was
 * cloned from. A task's sandbox keeps its change sets (an agent that created a table goes on to
 * fill it), so it is rebuilt from production as it is now only when production moved <em>and</em>
 * the task has nothing open: an open change was computed on top of the ones before it, and the
 * drift gate checks each one against production at replay. A task first seen by this instance
 * (a restart) gets a fresh sandbox.
 */
final class TaskSandboxRegistry {
    private final Sandbox sandbox;
    private final Map<String, TaskSandbox> tasks = new ConcurrentHashMap<>();

    TaskSandboxRegistry(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** The task's sandbox for filing against {@code production}; callers hold the task's lock. */
    TaskSandbox ensure(String taskId, CatalogSnapshot production, BooleanSupplier hasOpenChanges) {
        TaskSandbox current = tasks.get(taskId);
        if (current != null && (current.mirror().fingerprint().equals(production.fingerprint())
                || hasOpenChanges.getAsBoolean())) {
            return current;
        }
        sandbox.dropTask(taskId);
        TaskSandbox created = sandbox.createTask(taskId, production);
        tasks.put(taskId, created);
        return created;
    }

    /** Forgets the task and drops its sandbox. */
    void drop(String taskId) {
        tasks.remove(taskId);
        sandbox.dropTask(taskId);
    }
}
