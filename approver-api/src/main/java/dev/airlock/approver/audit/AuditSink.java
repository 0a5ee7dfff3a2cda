package dev.airlock.approver.audit;

/**
 * Where the proxy and the control plane hand in what happened. {@link #offer} never blocks, so it
 * may be called from a Netty event loop; {@code false} means the event was not accepted (the log
 * is full or its writer is broken) and the caller must refuse to serve what it would not record.
 */
@FunctionalInterface
public interface AuditSink {
    boolean offer(AuditEvent event);
}
