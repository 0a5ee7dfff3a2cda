package dev.airlock.approver.api;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: every meter of this Airlock (sessions, statements, gate latency, changes,
 * approvals, replays, sandbox, audit, webhooks) in Prometheus' text format. Unauthenticated, as
 * Prometheus scrapes; it holds counts and timings, never names of tables, statements or secrets.
 */
public final class MetricsRoutes implements Routes {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(Javalin app) {
        app.addHttpHandler(HandlerType.GET, "/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(registry.scrape()));
    }
}
