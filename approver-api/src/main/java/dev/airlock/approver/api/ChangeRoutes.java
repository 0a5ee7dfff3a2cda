package dev.airlock.approver.api;

import dev.airlock.approver.approval.ApprovalService;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.ReviewedHashes;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.store.ChangeFilter;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.task.Tasks;
import dev.airlock.sandbox.lint.RiskLevel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Change requests over REST: list and read them (an approver's or an admin's token), approve,
 * reject and reopen them (an approver's). An approval must name the three hashes the reviewer saw.
 */
public final class ChangeRoutes implements Routes {
    static final List<String> ROUTES = List.of("GET /api/changes", "GET /api/changes/{id}",
            "POST /api/changes/{id}/approve", "POST /api/changes/{id}/reject", "POST /api/changes/{id}/reopen");

    private final ChangeRepository changes;
    private final ApprovalService approvals;
    private final Callers callers;
    private final ChangeView views;

    public ChangeRoutes(ChangeRepository changes, ApprovalService approvals, Tasks tasks, Callers callers) {
        this.changes = changes;
        this.approvals = approvals;
        this.callers = callers;
        this.views = new ChangeView(ApiServer.JSON, approvals::needed, tasks::find);
    }

    @Override
    public void register(Javalin app) {
        app.addHttpHandler(HandlerType.GET, "/api/changes", this::list);
        app.addHttpHandler(HandlerType.GET, "/api/changes/{id}", this::get);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/approve", this::approve);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/reject", this::reject);
        app.addHttpHandler(HandlerType.POST, "/api/changes/{id}/reopen", this::reopen);
    }

    private void list(Context ctx) {
        callers.reader(ctx);
        ChangeFilter filter = new ChangeFilter(enumParam(ctx, "state", ChangeState.class), ctx.queryParam("agent"),
                ctx.queryParam("task"), enumParam(ctx, "risk", RiskLevel.class), Requests.limit(ctx, ChangeFilter.DEFAULT_LIMIT));
        ctx.json(changes.list(filter).stream().map(views::summary).toList());
    }

    private void get(Context ctx) {
        callers.reader(ctx);
        UUID id = id(ctx);
        ChangeRequest change = changes.get(id);
        ctx.json(views.detail(change, changes.approvals(id), changes.history(id), changes.results(id)));
    }

    private void approve(Context ctx) {
        Approver approver = callers.approver(ctx);
        DecisionBody body = Requests.body(ctx, DecisionBody.class);
        if (body.statementsSha256() == null || body.effectSha256() == null || body.baseFingerprint() == null) {
            throw new Problem(400, "hashes-required", "Hashes required", "an approval names the statementsSha256,"
                    + " effectSha256 and baseFingerprint the reviewer saw");
        }
        ChangeRequest decided = approvals.approve(id(ctx), approver, new ReviewedHashes(body.statementsSha256(),
                body.effectSha256(), body.baseFingerprint()), body.comment());
        ctx.json(views.summary(decided));
    }

    private void reject(Context ctx) {
        Approver approver = callers.approver(ctx);
        DecisionBody body = Requests.body(ctx, DecisionBody.class);
        ctx.json(views.summary(approvals.reject(id(ctx), approver.name(), body.comment())));
    }

    private void reopen(Context ctx) {
        Approver approver = callers.approver(ctx);
        ctx.json(views.summary(approvals.reopen(id(ctx), approver.name())));
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
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
