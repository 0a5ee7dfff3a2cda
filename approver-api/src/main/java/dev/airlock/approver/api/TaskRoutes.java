package dev.airlock.approver.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.IssuedTask;
import dev.airlock.approver.task.TaskRequest;
import dev.airlock.approver.task.Tasks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks and agents over REST. Starting and ending tasks and disabling or enabling agents need an
 * admin's token; reading tasks an admin's or an approver's (a reviewer reads the intent a change
 * was made for). The answer to starting a task is the only place its secret ever appears.
 */
public final class TaskRoutes {
    static final List<String> ROUTES = List.of("POST /api/tasks", "GET /api/tasks", "GET /api/tasks/{id}",
            "POST /api/tasks/{id}/end", "GET /api/agents", "POST /api/agents/{name}/disable",
            "POST /api/agents/{name}/enable");
    private static final int DEFAULT_LIMIT = 100;

    private final Tasks tasks;
    private final BearerTokens<Admin> admins;
    private final BearerTokens<Approver> approvers;
    private ObjectMapper json;

    public TaskRoutes(Tasks tasks, BearerTokens<Admin> admins, BearerTokens<Approver> approvers) {
        this.tasks = tasks;
        this.admins = admins;
        this.approvers = approvers;
    }

    void register(Javalin app, ObjectMapper mapper) {
        this.json = mapper;
        app.addHttpHandler(HandlerType.POST, "/api/tasks", this::start);
        app.addHttpHandler(HandlerType.GET, "/api/tasks", this::list);
        app.addHttpHandler(HandlerType.GET, "/api/tasks/{id}", this::get);
        app.addHttpHandler(HandlerType.POST, "/api/tasks/{id}/end", this::end);
        app.addHttpHandler(HandlerType.GET, "/api/agents", this::agents);
        app.addHttpHandler(HandlerType.POST, "/api/agents/{name}/disable", this::disable);
        app.addHttpHandler(HandlerType.POST, "/api/agents/{name}/enable", this::enable);
    }

    private void start(Context ctx) {
        Admin admin = admin(ctx);
        TaskBody body = Requests.body(ctx, json, TaskBody.class);
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
        reader(ctx);
        String limit = ctx.queryParam("limit");
        int count;
        try {
            count = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new Problem(400, "bad-filter", "Bad filter", "limit must be a number, not '" + limit + "'");
        }
        boolean openOnly = "true".equalsIgnoreCase(ctx.queryParam("open"));
        ctx.json(tasks.recent(count).stream().filter(task -> !openOnly || task.ended().isEmpty())
                .map(TaskView::of).toList());
    }

    private void get(Context ctx) {
        reader(ctx);
        ctx.json(TaskView.of(tasks.get(ctx.pathParam("id"))));
    }

    private void end(Context ctx) {
        Admin admin = admin(ctx);
        String reason = Optional.ofNullable(Requests.body(ctx, json, ReasonBody.class).reason())
                .filter(text -> !text.isBlank()).orElse("ended by " + admin.name());
        String id = ctx.pathParam("id");
        if (!tasks.end(id, reason, "admin:" + admin.name())) {
            throw new Problem(409, "task-ended", "Task already ended", "task " + id + " had already ended");
        }
        ctx.json(TaskView.of(tasks.get(id)));
    }

    private void agents(Context ctx) {
        reader(ctx);
        ctx.json(tasks.agents().entrySet().stream().sorted(Map.Entry.comparingByKey(
                java.util.Comparator.comparing(AgentProfile::name))).map(entry -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", entry.getKey().name());
                    view.put("owner", entry.getKey().owner());
                    view.put("disabled", entry.getValue());
                    return view;
                }).toList());
    }

    private void disable(Context ctx) {
        Admin admin = admin(ctx);
        String reason = Optional.ofNullable(Requests.body(ctx, json, ReasonBody.class).reason())
                .filter(text -> !text.isBlank()).orElse("disabled by " + admin.name());
        tasks.disableAgent(ctx.pathParam("name"), reason, "admin:" + admin.name());
        ctx.status(204);
    }

    private void enable(Context ctx) {
        Admin admin = admin(ctx);
        tasks.enableAgent(ctx.pathParam("name"), "admin:" + admin.name());
        ctx.status(204);
    }

    private Admin admin(Context ctx) {
        return Requests.authenticate(ctx, admins, "an admin");
    }

    /** An admin or an approver. */
    private void reader(Context ctx) {
        if (Requests.holder(ctx, admins).isEmpty() && Requests.holder(ctx, approvers).isEmpty()) {
            throw Requests.unauthenticated(ctx, "an admin or approver");
        }
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
