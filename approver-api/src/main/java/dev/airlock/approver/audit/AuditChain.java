package dev.airlock.approver.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The chain's arithmetic: {@code hash = SHA-256(previousHash || canonical(fields))}, hex.
 *
 * <p>The canonical encoding is a version tag followed by each field as a 4-byte big-endian
 * length and its UTF-8 bytes (length -1 for null), in a fixed order: sequence (decimal), time
 * (ISO-8601 instant, microseconds), kind name, actor, session id, subject, payload. Lengths make
 * the encoding unambiguous: no choice of field values can make two different records encode
 * alike. Not thread-safe (one digest reused): one instance per thread.
 */
public final class AuditChain {
    /** What the first record chains from. */
    public static final String GENESIS = "0".repeat(64);
    private static final byte[] VERSION = "airlock-audit-v1".getBytes(StandardCharsets.UTF_8);

    private final MessageDigest digest;
    private final byte[] length = new byte[4];

    public AuditChain() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The time as the chain keeps it: microseconds, what both stores keep. */
    public static Instant truncate(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The record that follows {@code previousHash} at {@code sequence}. */
    public AuditRecord link(long sequence, String previousHash, AuditEvent event) {
        Instant at = truncate(event.at());
        String hash = hash(previousHash, sequence, at, event.kind(), event.actor(), event.sessionId(), event.subject(),
                event.payloadJson());
        return new AuditRecord(sequence, at, event.kind(), event.actor(), event.sessionId(), event.subject(),
                event.payloadJson(), previousHash, hash);
    }

    /** The hash {@code record} should carry if it sat at {@code sequence} (its own or another). */
    public String hashAt(AuditRecord record, long sequence) {
        return hash(record.previousHash(), sequence, record.at(), record.kind(), record.actor(), record.sessionId(),
                record.subject(), record.payloadJson());
    }

    private String hash(String previousHash, long sequence, Instant at, AuditKind kind, String actor,
            String sessionId, String subject, String payload) {
        digest.reset();
        digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
        digest.update(VERSION);
        field(Long.toString(sequence));
        field(at.toString());
        field(kind.name());
        field(actor);
        field(sessionId);
        field(subject);
        field(payload);
        return HexFormat.of().formatHex(digest.digest());
    }

    private void field(String value) {
        if (value == null) {
            length(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        length(bytes.length);
        digest.update(bytes);
    }

    /** {@code value} as 4 bytes, big-endian. */
    private void length(int value) {
        length[0] = (byte) (value >>> 24);
        length[1] = (byte) (value >>> 16);
        length[2] = (byte) (value >>> 8);
        length[3] = (byte) value;
        digest.update(length);
    }
}
