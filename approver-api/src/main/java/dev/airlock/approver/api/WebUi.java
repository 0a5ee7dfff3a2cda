package dev.airlock.approver.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The reviewers' web UI: one page and its script and style sheet, served from the jar (no CDN,
 * no build step). Every page path answers with the same document; the script reads the path and
 * draws the queue, a change, the tasks or the audit log, talking to the REST API with the token
 * the reviewer typed in (kept in the tab's session storage, never in a URL). The content security
 * policy allows nothing but this origin: no inline script, no frames.
 */
public final class WebUi implements Routes {
    /** Paths that show the UI (the script tells them apart). */
    static final List<String> PAGES = List.of("/", "/changes/{id}", "/tasks", "/audit");
    private static final String BASE = "/dev/airlock/approver/web/";
    private static final Map<String, String> ASSETS = Map.of("app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8", "favicon.svg", "image/svg+xml");

    private final byte[] page = resource("index.html");
    private final Map<String, byte[]> assets = Map.of("app.js", resource("app.js"), "app.css", resource("app.css"),
            "favicon.svg", resource("favicon.svg"));

    @Override
    public void register(Javalin app) {
        for (String path : PAGES) {
            app.addHttpHandler(HandlerType.GET, path, ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        }
        app.addHttpHandler(HandlerType.GET, "/ui/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        byte[] body = assets.get(name);
        if (body == null) {
            throw new Problem(404, "not-found", "Not found", "no UI file " + name);
        }
        ctx.header("Cache-Control", "no-cache").contentType(ASSETS.get(name)).result(body);
    }

    /** Headers every answer carries: the UI may load only from here, be framed by nobody, and leak no referrer. */
    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebUi.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the web UI's " + name + " is missing from the jar (" + BASE + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
