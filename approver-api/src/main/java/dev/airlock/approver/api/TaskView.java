package dev.airlock.approver.api;

import dev.airlock.approver.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** A task as the API shows it: everything but its verifier. */
final class TaskView {
    private TaskView() {
    }

    static Map<String, Object> of(Task task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.put("agent", task.agent());
        view.put("intent", task.intent());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("readSchemas", task.scope().readSchemas());
        scope.put("readTables", task.scope().readTables());
        scope.put("changeTables", task.scope().changeTables());
        scope.put("statementKinds", task.scope().statementKinds());
        view.put("scope", scope);
        view.put("startedBy", task.startedBy());
        view.put("startedAt", task.startedAt().toString());
        view.put("expiresAt", task.expiresAt().toString());
        view.put("state", task.ended().isPresent() ? "ENDED" : "RUNNING");
        task.ended().ifPresent(ended -> {
            view.put("endedAt", ended.at().toString());
            view.put("endReason", ended.reason());
        });
        return view;
    }
}
