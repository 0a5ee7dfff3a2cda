package dev.airlock.approver.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
    private final InstantText times = new InstantText();
    /** The encoding of one record, hashed in one update. */
    private byte[] encoded = new byte[1024];
    private int size;

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
        size = 0;
        utf8(previousHash);
        put(VERSION, VERSION.length);
        field(Long.toString(sequence));
        field(times.of(at));
        field(kind.name());
        field(actor);
        field(sessionId);
        field(subject);
        field(payload);
        digest.reset();
        digest.update(encoded, 0, size);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A 4-byte length (-1 for null), then the UTF-8 bytes. */
    private void field(String value) {
        int lengthAt = size;
        ensure(4);
        size += 4;
        if (value != null) {
            utf8(value);
        }
        int length = value == null ? -1 : size - lengthAt - 4;
        encoded[lengthAt] = (byte) (length >>> 24);
        encoded[lengthAt + 1] = (byte) (length >>> 16);
        encoded[lengthAt + 2] = (byte) (length >>> 8);
        encoded[lengthAt + 3] = (byte) length;
    }

    /** {@code value}'s UTF-8 bytes: ASCII copied as it is, anything else by {@link String#getBytes}. */
    private void utf8(String value) {
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                put(bytes, bytes.length);
                return;
            }
            encoded[size + i] = (byte) c;
        }
        size += n;
    }

    private void put(byte[] bytes, int count) {
        ensure(count);
        System.arraycopy(bytes, 0, encoded, size, count);
        size += count;
    }

    private void ensure(int more) {
        if (size + more > encoded.length) {
            encoded = Arrays.copyOf(encoded, Math.max(encoded.length * 2, size + more));
        }
    }
}
