package dev.airlock.proxy.session;

import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.proxy.backend.BackendPool;
import dev.airlock.proxy.gate.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's metrics: client connections and authenticated sessions by kind, authentications,
 * statements by kind and what Airlock did with them (relayed, held, refused), the gate's decision
 * time, production's connection pool, and the memory in network buffers (what was read and not yet
 * relayed, what a peer has not yet taken). Every meter is resolved once, here; the hot path only
 * indexes arrays and increments.
 */
public final class SessionMetrics {
    /** What Airlock did with a statement. */
    public enum Decision { RELAYED, HELD, REFUSED }

    /** Cached decisions take microseconds, parsed ones tens to hundreds, and every parse stops at 100 ms. */
    private static final Duration[] GATE_DECISION_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100)};

    private final AtomicInteger[] sessions = new AtomicInteger[IdentityKind.values().length];
    private final Counter authenticated;
    private final Counter authenticationFailed;
    private final Counter[][] statements = new Counter[StatementKind.values().length][Decision.values().length];
    private final Timer gateDecision;

    public SessionMetrics(MeterRegistry registry, AtomicInteger clients, BackendPool pool) {
        Gauge.builder("airlock.client.connections", clients, AtomicInteger::get)
                .description("Client connections open, authenticated or not").register(registry);
        for (IdentityKind kind : IdentityKind.values()) {
            AtomicInteger count = new AtomicInteger();
            sessions[kind.ordinal()] = count;
            Gauge.builder("airlock.sessions", count, AtomicInteger::get).description("Authenticated client sessions")
                    .tag("kind", label(kind)).register(registry);
        }
        authenticated = Counter.builder("airlock.authentications").description("Client authentications by outcome")
                .tag("outcome", "succeeded").register(registry);
        authenticationFailed = Counter.builder("airlock.authentications").description("Client authentications by outcome")
                .tag("outcome", "failed").register(registry);
        for (StatementKind kind : StatementKind.values()) {
            for (Decision decision : Decision.values()) {
                statements[kind.ordinal()][decision.ordinal()] = Counter.builder("airlock.statements")
                        .description("Statements by kind and what Airlock did with them")
                        .tag("kind", label(kind)).tag("decision", label(decision)).register(registry);
            }
        }
        // Fixed buckets (Prometheus computes quantiles from them), not client-side percentiles: those
        // cost an HdrHistogram update per ring-buffer slot on every statement, measurably on the event loop.
        gateDecision = Timer.builder("airlock.gate.decision")
                .description("Time from a statement's arrival to the gate's and the policy's decision (cached or parsed)")
                .serviceLevelObjectives(GATE_DECISION_BUCKETS).register(registry);
        Gauge.builder("airlock.production.connections", pool, BackendPool::openConnections)
                .description("Connections to production open (held by sessions or idle)").tag("state", "open")
                .register(registry);
        Gauge.builder("airlock.production.connections", pool, BackendPool::idleConnections)
                .description("Connections to production open (held by sessions or idle)").tag("state", "idle")
                .register(registry);
        Gauge.builder("airlock.production.waiting", pool, BackendPool::waitingSessions)
                .description("Sessions waiting for a production connection").register(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
            new NettyAllocatorMetrics(allocator).bindTo(registry);
        }
    }

    void authenticated(IdentityKind kind) {
        authenticated.increment();
        sessions[kind.ordinal()].incrementAndGet();
    }

    void authenticationFailed() {
        authenticationFailed.increment();
    }

    void sessionEnded(IdentityKind kind) {
        sessions[kind.ordinal()].decrementAndGet();
    }

    void statement(StatementKind kind, Decision decision) {
        statements[kind.ordinal()][decision.ordinal()].increment();
    }

    void gateDecided(long startNanos) {
        gateDecision.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
