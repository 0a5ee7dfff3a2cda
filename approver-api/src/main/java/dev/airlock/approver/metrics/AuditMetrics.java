package dev.airlock.approver.metrics;

import dev.airlock.approver.audit.AuditLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The audit log's metrics: how far its writer lags behind, whether the store refuses it, what it wrote. */
public final class AuditMetrics {
    private AuditMetrics() {
    }

    public static void register(AuditLog audit, MeterRegistry registry) {
        Gauge.builder("airlock.audit.backlog", audit, AuditLog::backlog)
                .description("Audit records accepted but not yet stored (statements are refused when the queue is full)")
                .baseUnit("records").register(registry);
        Gauge.builder("airlock.audit.store.down", audit, log -> log.storeDown() ? 1 : 0)
                .description("1 while the audit store refuses writes (the writer keeps trying)").register(registry);
        FunctionCounter.builder("airlock.audit.records.written", audit, AuditLog::written)
                .description("Audit records stored since start").register(registry);
    }
}
