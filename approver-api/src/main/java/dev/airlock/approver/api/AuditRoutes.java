package dev.airlock.approver.api;

import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditRecord;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * The audit log for reviewers and admins: a search, newest first (by kind, actor, and text found
 * in the subject or payload), and a verification of the whole chain. One verification runs at a
 * time; it reads every record.
 */
public final class AuditRoutes implements Routes {
    static final List<String> ROUTES = List.of("GET /api/audit", "POST /api/audit/verify");
    private static final int DEFAULT_LIMIT = 100;

    private final AuditTable table;
    private final Callers callers;
    private final Semaphore verifying = new Semaphore(1);

    public AuditRoutes(AuditTable table, Callers callers) {
        this.table = table;
        this.callers = callers;
    }

    @Override
    public void register(Javalin app) {
        app.addHttpHandler(HandlerType.GET, "/api/audit", this::search);
        app.addHttpHandler(HandlerType.POST, "/api/audit/verify", this::verify);
    }

    private void search(Context ctx) {
        callers.reader(ctx);
        int limit = Requests.limit(ctx, DEFAULT_LIMIT);
        ctx.json(table.newest(filter(ctx), limit).stream().map(AuditRoutes::view).toList());
    }

    private static Predicate<AuditRecord> filter(Context ctx) {
        AuditKind kind = kind(ctx.queryParam("kind"));
        String actor = ctx.queryParam("actor");
        String text = ctx.queryParam("text");
        String needle = text == null || text.isEmpty() ? null : text.toLowerCase(Locale.ROOT);
        return record -> (kind == null || record.kind() == kind)
                && (actor == null || actor.isEmpty() || record.actor().equals(actor))
                && (needle == null || contains(record.subject(), needle) || contains(record.payloadJson(), needle));
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static AuditKind kind(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return AuditKind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "bad-filter", "Bad filter", "'" + value + "' is not a record kind; one of "
                    + Arrays.toString(AuditKind.values()));
        }
    }

    private static Map<String, Object> view(AuditRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sequence", record.sequence());
        view.put("at", record.at().toString());
        view.put("kind", record.kind().name());
        view.put("actor", record.actor());
        view.put("sessionId", record.sessionId());
        view.put("subject", record.subject());
        view.put("payload", record.payloadJson());
        view.put("hash", record.hash());
        return view;
    }

    private void verify(Context ctx) {
        callers.reader(ctx);
        if (!verifying.tryAcquire()) {
            throw new Problem(409, "verify-running", "Verification running",
                    "a verification of the audit log is running; try again when it has finished");
        }
        try {
            AuditVerdict verdict = new AuditVerifier(table).verify();
            Map<String, Object> view = new LinkedHashMap<>();
            if (verdict instanceof AuditVerdict.Broken broken) {
                view.put("intact", false);
                view.put("sequence", broken.sequence());
                view.put("damage", broken.damage().name());
                view.put("reason", broken.reason());
            } else {
                view.put("intact", true);
                view.put("records", ((AuditVerdict.Intact) verdict).count());
            }
            ctx.json(view);
        } finally {
            verifying.release();
        }
    }
}
