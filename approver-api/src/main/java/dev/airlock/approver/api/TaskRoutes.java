package dev.airlock.approver.api;

import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.IssuedTask;
import dev.airlock.approver.task.Task;
import dev.airlock.approver.task.TaskRequest;
import dev.airlock.approver.task.Tasks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks and agents over REST. Starting and ending tasks and disabling or enabling agents need an
 * admin's token; reading tasks an admin's or an approver's (a reviewer reads the intent a change
 * was made for). A task read on its own lists its open sessions on this instance. The answer to
 * starting a task is the only place its secret ever appears.
 */
public final class TaskRoutes implements Routes {
    static final List<String> ROUTES = List.of("POST /api/tasks", "GET /api/tasks", "GET /api/tasks/{id}",
            "POST /api/tasks/{id}/end", "GET /api/agents", "POST /api/agents/{name}/disable",
            "POST /api/agents/{name}/enable");
    private static final int DEFAULT_LIMIT = 100;

    private final Tasks tasks;
    private final Callers callers;

    public TaskRoutes(Tasks tasks, Callers callers) {
        this.tasks = tasks;
        this.callers = callers;
    }

    @Override
    public void register(Javalin app) {
        app.addHttpHandler(HandlerType.POST, "/api/tasks", this::start);
        app.addHttpHandler(HandlerType.GET, "/api/tasks", this::list);
        app.addHttpHandler(HandlerType.GET, "/api/tasks/{id}", this::get);
        app.addHttpHandler(HandlerType.POST, "/api/tasks/{id}/end", this::end);
        app.addHttpHandler(HandlerType.GET, "/api/agents", this::agents);
        app.addHttpHandler(HandlerType.POST, "/api/agents/{name}/disable", this::disable);
        app.addHttpHandler(HandlerType.POST, "/api/agents/{name}/enable", this::enable);
    }

    private void start(Context ctx) {
        Admin admin = callers.admin(ctx);
        TaskBody body = Requests.body(ctx, TaskBody.class);
        if (body.ttlSeconds() != null && body.ttlSeconds() <= 0) {
            throw new Problem(400, "bad-request", "Bad request", "ttlSeconds must be positive");
        }
        ScopeBody scope = body.scope() == null ? new ScopeBody(null, null, null, null) : body.scope();
        IssuedTask issued = tasks.start(new TaskRequest(body.agent(), body.intent(), new TaskFacts.Scope(
                orEmpty(scope.readSchemas()), orEmpty(scope.readTables()), orEmpty(scope.changeTables()),
                orEmpty(scope.statementKinds())), Optional.ofNullable(body.ttlSeconds()).map(Duration::ofSeconds)),
                "admin:" + admin.name());
        Map<String, Object> view = TaskView.of(issued.task());
        view.put("user", issued.task().id());
        view.put("password", issued.secret());
        view.put("jdbcUrl", issued.jdbcUrl());
        view.put("uri", issued.uri());
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(view);
    }

    private void list(Context ctx) {
        callers.reader(ctx);
        int count = Requests.limit(ctx, DEFAULT_LIMIT);
        boolean openOnly = "true".equalsIgnoreCase(ctx.queryParam("open"));
        ctx.json(tasks.recent(count).stream().filter(task -> !openOnly || task.ended().isEmpty())
                .map(this::withSessions).toList());
    }

    private void get(Context ctx) {
        callers.reader(ctx);
        ctx.json(withSessions(tasks.get(ctx.pathParam("id"))));
    }

    private Map<String, Object> withSessions(Task task) {
        Map<String, Object> view = TaskView.of(task);
        view.put("sessions", tasks.sessions(task.id()).stream().map(session -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sessionId", session.sessionId());
            item.put("client", session.client());
            item.put("applicationName", session.applicationName());
            item.put("connectedAt", session.connectedAt().toString());
            item.put("state", session.state());
            return item;
        }).toList());
        return view;
    }

    private void end(Context ctx) {
        Admin admin = callers.admin(ctx);
        String reason = Optional.ofNullable(Requests.body(ctx, ReasonBody.class).reason())
                .filter(text -> !text.isBlank()).orElse("ended by " + admin.name());
        String id = ctx.pathParam("id");
        if (!tasks.end(id, reason, "admin:" + admin.name())) {
            throw new Problem(409, "task-ended", "Task already ended", "task " + id + " had already ended");
        }
        ctx.json(TaskView.of(tasks.get(id)));
    }

    private void agents(Context ctx) {
        callers.reader(ctx);
        ctx.json(tasks.agents().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(AgentProfile::name))).map(entry -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", entry.getKey().name());
                    view.put("owner", entry.getKey().owner());
                    view.put("disabled", entry.getValue());
                    return view;
                }).toList());
    }

    private void disable(Context ctx) {
        Admin admin = callers.admin(ctx);
        String reason = Optional.ofNullable(Requests.body(ctx, ReasonBody.class).reason())
                .filter(text -> !text.isBlank()).orElse("disabled by " + admin.name());
        tasks.disableAgent(agent(ctx), reason, "admin:" + admin.name());
        ctx.status(204);
    }

    private void enable(Context ctx) {
        Admin admin = callers.admin(ctx);
        tasks.enableAgent(agent(ctx), "admin:" + admin.name());
        ctx.status(204);
    }

    /** The agent the path names; 404 when none is declared by that name. */
    private String agent(Context ctx) {
        String name = ctx.pathParam("name");
        if (tasks.agents().keySet().stream().noneMatch(agent -> agent.name().equals(name))) {
            throw new Problem(404, "agent-not-found", "Agent not found", "no agent is named '" + name + "'");
        }
        return name;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    /** The body of POST /api/tasks. */
    record TaskBody(String agent, String intent, Long ttlSeconds, ScopeBody scope) {
    }

    /** A task's scope as the API spells it. */
    record ScopeBody(List<String> readSchemas, List<String> readTables, List<String> changeTables,
                     List<String> statementKinds) {
    }

    /** The body of ending a task or disabling an agent: why (optional). */
    record ReasonBody(String reason) {
    }
}
