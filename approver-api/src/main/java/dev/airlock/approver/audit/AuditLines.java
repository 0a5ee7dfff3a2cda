package dev.airlock.approver.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.json.JsonLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of audit records, both in the store's blocks and in an export: one JSON object
 * per line with every field in a fixed order ({@code sequence, time, kind, actor, session_id,
 * subject, payload, previous_hash, hash}), the payload as the exact string that was hashed.
 * Reading is strict: a line that is not such an object (someone edited the stored text by hand,
 * say) is an {@link UnreadableRecordException}, which the verifier reports as an edited record.
 */
public final class AuditLines {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREE = new ObjectMapper(JSON);

    private AuditLines() {
    }

    /** {@code record} as one line, without the line break. */
    static String line(AuditRecord record) {
        return text(List.of(record));
    }

    /** {@code records} as lines, separated by line breaks (none after the last). */
    public static String text(List<AuditRecord> records) {
        return new String(utf8(records), StandardCharsets.UTF_8);
    }

    /**
     * {@link #text} in UTF-8, as the store keeps it, written as bytes from the start. A session that
     * repeats a statement hands the same payload string to each of its records, so each distinct
     * payload is quoted once per call, not once per record.
     */
    static byte[] utf8(List<AuditRecord> records) {
        JsonLine line = new JsonLine(records.size() * 640);
        Map<String, byte[]> quotedPayloads = new IdentityHashMap<>();
        InstantText times = new InstantText();
        for (AuditRecord record : records) {
            line.begin();
            line.field("sequence", record.sequence());
            line.field("time", times.of(record.at()));
            line.field("kind", record.kind().name());
            line.field("actor", record.actor());
            line.field("session_id", record.sessionId());
            line.field("subject", record.subject());
            line.rawField("payload", quotedPayloads.computeIfAbsent(record.payloadJson(), JsonLine::quoted));
            line.field("previous_hash", record.previousHash());
            line.field("hash", record.hash());
            line.end();
        }
        return Arrays.copyOf(line.bytes(), Math.max(0, line.length() - 1));
    }

    /** The record {@code line} holds. */
    static AuditRecord parse(String line) {
        try {
            JsonNode node = TREE.readTree(line);
            if (node == null || !node.isObject() || !node.path("sequence").canConvertToExactIntegral()) {
                throw new UnreadableRecordException("not an audit record: " + abbreviate(line));
            }
            return new AuditRecord(node.get("sequence").asLong(), Instant.parse(field(node, "time")),
                    AuditKind.valueOf(field(node, "kind")), field(node, "actor"), nullable(node, "session_id"),
                    nullable(node, "subject"), field(node, "payload"), field(node, "previous_hash"), field(node, "hash"));
        } catch (IOException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new UnreadableRecordException("not an audit record (" + e.getMessage() + "): " + abbreviate(line));
        }
    }

    private static String field(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnreadableRecordException("an audit record without " + field);
        }
        return value.asText();
    }

    private static String nullable(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : field(node, field);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }

    /** Stored text that is not an audit record. */
    public static final class UnreadableRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableRecordException(String message) {
            super(message);
        }
    }
}
