package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.approval.ApprovalService;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.DecisionRefusedException;
import dev.airlock.approver.approval.ReviewedHashes;
import dev.airlock.approver.change.ChangeNotFoundException;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.store.ChangeFilter;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.task.TaskNotFoundException;
import dev.airlock.sandbox.lint.RiskLevel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's REST API (Javalin): list and read change requests, approve and reject them,
 * reopen one that drifted; start, list and end tasks and disable agents ({@link TaskRoutes}).
 * Every {@code /api/changes} route needs {@code Authorization: Bearer} with an approver's token; every error is {@code application/problem+json}. The OpenAPI document
 * is {@code /api/openapi.json}, a resource kept next to this class ({@link #ROUTES} lists what it
 * must describe).
 */
public final class ApiServer implements AutoCloseable {
    /** Method and path of every route, as the OpenAPI document names them. */
    public static final List<String> ROUTES = routes();
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final ChangeRepository changes;
    private final ApprovalService approvals;
    private final BearerTokens<Approver> tokens;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ChangeView views;
    private final byte[] openApi;
    private final Javalin app;

    public ApiServer(ChangeRepository changes, ApprovalService approvals, BearerTokens<Approver> tokens,
                     TaskRoutes taskRoutes, String host, int port) {
        this.changes = changes;
        this.approvals = approvals;
        this.tokens = tokens;
        this.views = new ChangeView(json, approvals::needed);
        this.openApi = resource("openapi.json");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
        });
        app.addHttpHandler(HandlerType.GET, "/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.addHttpHandler(HandlerType.GET, "/api/changes", this::list);
        app.addHttpHandler(HandlerType.GET, "/api/changes/{id}", this::get);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/approve", this::approve);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/reject", this::reject);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/reopen", this::reopen);
        taskRoutes.register(app, json);
        app.exception(Problem.class, (problem, ctx) -> answer(ctx, problem));
        app.exception(Exception.class, (e, ctx) -> answer(ctx, translate(e)));
        app.error(404, ctx -> {
            if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
                answer(ctx, new Problem(404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> answer(ctx, new Problem(405, "method-not-allowed", "Method not allowed",
                ctx.method() + " is not allowed on " + ctx.path())));
        app.start(host, port);
    }

    private static List<String> routes() {
        List<String> routes = new ArrayList<>(List.of("GET /api/changes", "GET /api/changes/{id}",
                "POST /api/changes/{id}/approve", "POST /api/changes/{id}/reject", "POST /api/changes/{id}/reopen",
                "GET /api/openapi.json"));
        routes.addAll(TaskRoutes.ROUTES);
        return List.copyOf(routes);
    }

    /** The port the server listens on (the one chosen when the settings said 0). */
    public int port() {
        return app.port();
    }

    private void list(Context ctx) {
        authenticate(ctx);
        ChangeFilter filter = new ChangeFilter(enumParam(ctx, "state", ChangeState.class), ctx.queryParam("agent"),
                ctx.queryParam("task"), enumParam(ctx, "risk", RiskLevel.class), limit(ctx));
        ctx.json(changes.list(filter).stream().map(views::summary).toList());
    }

    private void get(Context ctx) {
        authenticate(ctx);
        UUID id = id(ctx);
        ChangeRequest change = changes.get(id);
        ctx.json(views.detail(change, changes.approvals(id), changes.history(id), changes.results(id)));
    }

    private void approve(Context ctx) {
        Approver approver = authenticate(ctx);
        DecisionBody body = body(ctx);
        if (body.statementsSha256() == null || body.effectSha256() == null || body.baseFingerprint() == null) {
            throw new Problem(400, "hashes-required", "Hashes required", "an approval names the statementsSha256,"
                    + " effectSha256 and baseFingerprint the reviewer saw");
        }
        ChangeRequest decided = approvals.approve(id(ctx), approver, new ReviewedHashes(body.statementsSha256(),
                body.effectSha256(), body.baseFingerprint()), body.comment());
        ctx.json(views.summary(decided));
    }

    private void reject(Context ctx) {
        Approver approver = authenticate(ctx);
        DecisionBody body = body(ctx);
        ctx.json(views.summary(approvals.reject(id(ctx), approver.name(), body.comment())));
    }

    private void reopen(Context ctx) {
        Approver approver = authenticate(ctx);
        ctx.json(views.summary(approvals.reopen(id(ctx), approver.name())));
    }

    private Approver authenticate(Context ctx) {
        return Requests.authenticate(ctx, tokens, "an approver");
    }

    private DecisionBody body(Context ctx) {
        return Requests.body(ctx, json, DecisionBody.class);
    }

    private static UUID id(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "bad-id", "Bad change id", "'" + ctx.pathParam("id") + "' is not a change id (UUID)");
        }
    }

    private static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "bad-filter", "Bad filter", "'" + value + "' is not a " + name + "; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        try {
            return value == null ? ChangeFilter.DEFAULT_LIMIT : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Problem(400, "bad-filter", "Bad filter", "limit must be a number, not '" + value + "'");
        }
    }

    private static Problem translate(Exception e) {
        if (e instanceof DecisionRefusedException refused) {
            return switch (refused.reason()) {
                case SELF_APPROVAL -> new Problem(403, "self-approval", "Self-approval refused", e.getMessage());
                case HASH_MISMATCH -> new Problem(409, "hash-mismatch", "Not what was reviewed", e.getMessage());
                case NOT_DECIDABLE -> new Problem(409, "not-decidable", "Change cannot be decided", e.getMessage());
                case ALREADY_APPROVED -> new Problem(409, "already-approved", "Already approved", e.getMessage());
                case NOT_IN_GROUP -> new Problem(403, "not-in-group", "Not in the required group", e.getMessage());
            };
        }
        if (e instanceof TaskNotFoundException) {
            return new Problem(404, "task-not-found", "Task not found", e.getMessage());
        }
        if (e instanceof ChangeNotFoundException) {
            return new Problem(404, "change-not-found", "Change not found", e.getMessage());
        }
        if (e instanceof ConcurrentChangeException || e instanceof IllegalTransitionException) {
            return new Problem(409, "conflict", "Conflict", e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return new Problem(400, "bad-request", "Bad request", e.getMessage());
        }
        LOG.error("request failed", e);
        return new Problem(500, "internal", "Internal error", "the control plane failed to answer; see its log");
    }

    private void answer(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(PROBLEM_JSON).result(json.writeValueAsBytes(problem.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem as JSON", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing next to " + ApiServer.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
