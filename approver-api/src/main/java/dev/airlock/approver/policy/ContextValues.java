package dev.airlock.approver.policy;

import dev.cel.common.values.NullValue;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the context records into the values CEL evaluates over: maps keyed by the snake_case field
 * names {@link PolicyEnvironment} declares, lists, strings, booleans, {@code Long}s, and CEL's own
 * null for a missing row count (a Java {@code null} in a map would read as an unknown value).
 */
final class ContextValues {
    private ContextValues() {
    }

    static Map<String, Object> of(StatementContext context, Map<String, List<String>> tags) {
        return common(context.identity(), context.task(), context.statement(), context.now(), tags);
    }

    static Map<String, Object> of(ApprovalContext context, Map<String, List<String>> tags) {
        Map<String, Object> values = common(context.identity(), context.task(), context.statement(), context.now(), tags);
        values.put("change", change(context.change()));
        return values;
    }

    private static Map<String, Object> common(IdentityFacts identity, TaskFacts task, StatementFacts statement,
                                              java.time.Instant now, Map<String, List<String>> tags) {
        Map<String, Object> values = new HashMap<>();
        values.put("identity", Map.of("name", identity.name(), "kind", identity.kind(), "owner", identity.owner()));
        TaskFacts.Scope scope = task.scope();
        values.put("task", Map.of("id", task.id(), "intent", task.intent(), "scope", Map.of(
                "read_schemas", scope.readSchemas(), "read_tables", scope.readTables(),
                "change_tables", scope.changeTables(), "statement_kinds", scope.statementKinds())));
        values.put("statement", Map.of(
                "kind", statement.kind().policyName(), "command", statement.command(),
                "text_sha256", statement.textSha256(), "reads", statement.reads(), "writes", statement.writes(),
                "functions", statement.functions()));
        values.put("now", now);
        values.put("tags", tags);
        return values;
    }

    private static Map<String, Object> change(ChangeFacts change) {
        return Map.of(
                "risk", lower(change.risk()),
                "lints", change.lints().stream()
                        .map(lint -> Map.of("code", lint.code(), "risk", lower(lint.risk()))).toList(),
                "schema_changes", change.schemaChanges().stream()
                        .map(c -> Map.of("kind", c.kind(), "name", c.name(), "change", lower(c.change()))).toList(),
                "access_changes", change.accessChanges().stream()
                        .map(c -> Map.<String, Object>of("role", c.role(), "privilege", c.privilege(),
                                "object", c.object(), "gained", c.gained())).toList(),
                "tables_rewritten", change.tablesRewritten(),
                "affected_rows", change.affectedRows().isPresent()
                        ? (Object) change.affectedRows().getAsLong() : NullValue.NULL_VALUE);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
