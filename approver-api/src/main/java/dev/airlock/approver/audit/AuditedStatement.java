package dev.airlock.approver.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A statement as the audit log may keep it: its text with literals replaced by {@code ?}
 * ({@link StatementRecording#REDACTED}, when {@link SqlRedactor} is sure of the text), or else
 * the SHA-256 of the text as sent, and the number of bind parameters, never their values. Exactly
 * one of {@code text} and {@code sha256} is set.
 */
public record AuditedStatement(String text, String sha256, int parameterCount) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How statements are recorded (a configuration choice). */
    public enum StatementRecording { REDACTED, SHA256 }

    public AuditedStatement {
        if ((text == null) == (sha256 == null)) {
            throw new IllegalArgumentException("an audited statement has either its redacted text or its hash");
        }
    }

    public static AuditedStatement of(String sql, int parameterCount, StatementRecording recording) {
        if (recording == StatementRecording.REDACTED) {
            var redacted = SqlRedactor.redact(sql);
            if (redacted.isPresent()) {
                return new AuditedStatement(redacted.get(), null, parameterCount);
            }
        }
        return new AuditedStatement(null, sha256(sql), parameterCount);
    }

    /** The payload for a {@link AuditKind#STATEMENT} event's statement part. */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (text != null) {
            node.put("sql", text);
        } else {
            node.put("sql_sha256", sha256);
        }
        node.put("parameters", parameterCount);
        return node;
    }

    private static String sha256(String sql) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
