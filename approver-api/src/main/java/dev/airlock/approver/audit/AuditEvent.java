package dev.airlock.approver.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened, as its recorder describes it, before the writer gives it a place in
 * the chain ({@link AuditRecord}). {@code payloadJson} is built by the caller and must already be
 * free of secrets (see {@link AuditedStatement} for statements). NUL characters are refused here,
 * where the caller can still be told, because PostgreSQL's TEXT could never store them and the
 * writer would otherwise be stuck on the event.
 */
public record AuditEvent(Instant at, AuditKind kind, String actor, String sessionId, String subject,
                         String payloadJson) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payloadJson, "payloadJson");
        for (String text : new String[] {actor, sessionId, subject, payloadJson}) {
            if (text != null && text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an audit event cannot contain a NUL character");
            }
        }
    }
}
