package dev.airlock.approver.policy;

import java.util.List;
import java.util.Objects;

/**
 * The task a statement belongs to: CEL variable {@code task}. A session without a task (an
 * application identity, say) is given {@link #NONE}, whose scope is empty: policies that test
 * scope membership then find nothing in scope, which is the fail-closed reading of "no scope
 * declared".
 */
public record TaskFacts(String id, String intent, Scope scope) {
    /** No task: empty id and intent, nothing in scope. */
    public static final TaskFacts NONE = new TaskFacts("", "", Scope.EMPTY);

    public TaskFacts {
        Objects.requireNonNull(id, "id");
        intent = intent == null ? "" : intent;
        Objects.requireNonNull(scope, "scope");
    }

    /**
     * What the task declared it would touch: schemas and qualified tables it may read, qualified
     * tables it may change, and the statement kinds (as in {@link StatementKind#policyName()}) it
     * may propose.
     */
    public record Scope(List<String> readSchemas, List<String> readTables, List<String> changeTables,
                        List<String> statementKinds) {
        public static final Scope EMPTY = new Scope(List.of(), List.of(), List.of(), List.of());

        public Scope {
            readSchemas = List.copyOf(readSchemas);
            readTables = List.copyOf(readTables);
            changeTables = List.copyOf(changeTables);
            statementKinds = List.copyOf(statementKinds);
        }
    }
}
