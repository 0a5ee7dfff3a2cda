package dev.airlock.approver.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored link of the audit chain: the event, the gap-free {@code sequence} the writer gave it,
 * the hash of the record before it ({@link AuditChain#GENESIS} for the first) and its own hash.
 * Times are kept to the microsecond, the precision both stores keep.
 */
public record AuditRecord(long sequence, Instant at, AuditKind kind, String actor, String sessionId, String subject,
                          String payloadJson, String previousHash, String hash) {
    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
