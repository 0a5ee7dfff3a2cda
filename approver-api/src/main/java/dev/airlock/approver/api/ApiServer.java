package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.approval.DecisionRefusedException;
import dev.airlock.approver.audit.AuditLines;
import dev.airlock.approver.change.ChangeNotFoundException;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.task.TaskNotFoundException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's HTTP server (Javalin): the REST API ({@link ChangeRoutes}, {@link TaskRoutes},
 * {@link AuditRoutes}, {@link IdentityRoutes}, {@link EventRoutes}), the web UI ({@link WebUi}) and
 * whatever else the control plane registers (metrics). Every API error is
 * {@code application/problem+json}; every answer carries the UI's security headers. The OpenAPI
 * document is {@code /api/openapi.json}, a resource kept next to this class ({@link #ROUTES} lists
 * what it must describe).
 */
public final class ApiServer implements AutoCloseable {
    /** Method and path of every API route, as the OpenAPI document names them. */
    public static final List<String> ROUTES = routes();
    /** How the API reads and writes JSON: unknown members of a request body are ignored. */
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final Javalin app;

    public ApiServer(List<Routes> routes, String host, int port) {
        byte[] openApi = resource("openapi.json");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(JSON, false));
        });
        app.before(WebUi::secure);
        app.addHttpHandler(HandlerType.GET, "/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.forEach(group -> group.register(app));
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
        List<String> routes = new ArrayList<>(ChangeRoutes.ROUTES);
        routes.addAll(TaskRoutes.ROUTES);
        routes.addAll(AuditRoutes.ROUTES);
        routes.addAll(IdentityRoutes.ROUTES);
        routes.addAll(EventRoutes.ROUTES);
        routes.add("GET /api/openapi.json");
        return List.copyOf(routes);
    }

    /** The port the server listens on (the one chosen when the settings said 0). */
    public int port() {
        return app.port();
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
        if (e instanceof AuditLines.UnreadableRecordException) {
            return new Problem(409, "audit-unreadable", "Audit log unreadable", e.getMessage()
                    + "; verify the audit log to find the first bad record");
        }
        if (e instanceof IllegalArgumentException) {
            return new Problem(400, "bad-request", "Bad request", e.getMessage());
        }
        LOG.error("request failed", e);
        return new Problem(500, "internal", "Internal error", "the control plane failed to answer; see its log");
    }

    private void answer(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(PROBLEM_JSON).result(JSON.writeValueAsBytes(problem.body()));
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
