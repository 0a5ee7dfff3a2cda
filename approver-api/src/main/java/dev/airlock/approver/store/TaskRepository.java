package dev.airlock.approver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.task.Task;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Tasks and the agents an admin disabled. A task is written once when it starts and once when it
 * ends: {@link #end} sets {@code ended_at} only if it is still unset, so a task ends exactly once
 * however many instances race to end it.
 */
public final class TaskRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, agent, intent, scope_json, verifier, started_by, started_at, expires_at,"
            + " ended_at, end_reason";

    private final DataSource pool;

    TaskRepository(DataSource pool) {
        this.pool = pool;
    }

    public void insert(Task task) {
        Jdbc.inTransaction(pool, "start task " + task.id(), connection -> {
            try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO task (" + COLUMNS + ")"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)", task.id(), task.agent(), task.intent(),
                    scopeJson(task.scope()), task.verifier(), task.startedBy(), task.startedAt(), task.expiresAt())) {
                return insert.executeUpdate();
            }
        });
    }

    public Optional<Task> find(String id) {
        return Jdbc.inTransaction(pool, "read task " + id, connection ->
                Jdbc.list(connection, "SELECT " + COLUMNS + " FROM task WHERE id = ?", TaskRepository::task, id)
                        .stream().findFirst());
    }

    /** Tasks not ended, whether or not past their TTL (the sweep ends those), oldest first. */
    public List<Task> open() {
        return Jdbc.inTransaction(pool, "list open tasks", connection -> Jdbc.list(connection, "SELECT " + COLUMNS
                + " FROM task WHERE ended_at IS NULL ORDER BY started_at", TaskRepository::task));
    }

    /** The most recent tasks, ended or not, newest first. */
    public List<Task> recent(int limit) {
        return Jdbc.inTransaction(pool, "list tasks", connection -> Jdbc.list(connection, "SELECT " + COLUMNS
                + " FROM task ORDER BY started_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                TaskRepository::task));
    }

    /** Ends the task if it has not ended; false when it had (or does not exist). */
    public boolean end(String id, Instant at, String reason) {
        return Jdbc.inTransaction(pool, "end task " + id, connection -> {
            try (PreparedStatement update = Jdbc.prepare(connection, "UPDATE task SET ended_at = ?, end_reason = ?"
                    + " WHERE id = ? AND ended_at IS NULL", at, reason, id)) {
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Records that {@code agent} is disabled (or enabled again). */
    public void setDisabled(String agent, boolean disabled, String actor, String reason, Instant at) {
        Jdbc.inTransaction(pool, (disabled ? "disable" : "enable") + " agent " + agent, connection -> {
            try (PreparedStatement update = Jdbc.prepare(connection, "UPDATE agent_status SET disabled = ?,"
                    + " changed_by = ?, changed_at = ?, reason = ? WHERE agent = ?", disabled, actor, at, reason, agent)) {
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO agent_status (agent, disabled,"
                    + " changed_by, changed_at, reason) VALUES (?, ?, ?, ?, ?)", agent, disabled, actor, at, reason)) {
                insert.executeUpdate();
            }
            return null;
        });
    }

    public Set<String> disabledAgents() {
        return Jdbc.inTransaction(pool, "list disabled agents", connection -> new HashSet<>(Jdbc.list(connection,
                "SELECT agent FROM agent_status WHERE disabled", row -> row.getString(1))));
    }

    private static Task task(ResultSet row) throws SQLException {
        Instant endedAt = Jdbc.instant(row, "ended_at");
        return new Task(row.getString("id"), row.getString("agent"), row.getString("intent"),
                scope(row.getString("scope_json")), row.getString("verifier"), row.getString("started_by"),
                Jdbc.instant(row, "started_at"), Jdbc.instant(row, "expires_at"),
                endedAt == null ? Optional.empty() : Optional.of(new Task.Ended(endedAt, row.getString("end_reason"))));
    }

    static String scopeJson(TaskFacts.Scope scope) {
        return scopeNode(scope).toString();
    }

    /** The scope as JSON, with the field names policies and the API use. */
    public static ObjectNode scopeNode(TaskFacts.Scope scope) {
        ObjectNode node = JSON.createObjectNode();
        scope.readSchemas().forEach(node.putArray("read_schemas")::add);
        scope.readTables().forEach(node.putArray("read_tables")::add);
        scope.changeTables().forEach(node.putArray("change_tables")::add);
        scope.statementKinds().forEach(node.putArray("statement_kinds")::add);
        return node;
    }

    static TaskFacts.Scope scope(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new TaskFacts.Scope(strings(node, "read_schemas"), strings(node, "read_tables"),
                    strings(node, "change_tables"), strings(node, "statement_kinds"));
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored task scope is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }
}
