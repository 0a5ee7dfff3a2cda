package dev.airlock.proxy.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.approver.audit.AuditEvent;
import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditSink;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.protocol.Sha256;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The session side of the tamper-evident audit log: authentications, and every statement with
 * the gate's decision and the objects it writes. Statements are recorded as the gate's
 * fingerprint (the PostgreSQL-exact lexer's text with every literal replaced by {@code ?}) or,
 * with {@code log.statement_text: hash}, as the SHA-256 of the text; bind values never. Calls
 * never block: a false return means the record could not be taken, and the caller refuses the
 * statement rather than run it unrecorded.
 */
public final class AuditTrail {
    private static final JsonFactory JSON = new JsonFactory();

    private final Optional<AuditSink> sink;
    private final boolean hashText;

    public AuditTrail(Optional<AuditSink> sink, boolean hashText) {
        this.sink = sink;
        this.hashText = hashText;
    }

    public boolean authentication(String user, String remote, boolean succeeded, String reason) {
        if (sink.isEmpty()) {
            return true;
        }
        String payload = json(json -> {
            json.writeStringField("remote", remote);
            json.writeBooleanField("succeeded", succeeded);
            if (reason != null) {
                json.writeStringField("reason", reason);
            }
        });
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.AUTHENTICATION, user, null, null, payload));
    }

    /**
     * One statement and the decision on it, with {@code payload} from {@link #statementPayload}
     * (null when there is no audit log).
     */
    public boolean statement(String actor, int session, String payload) {
        if (sink.isEmpty()) {
            return true;
        }
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.STATEMENT, actor, Integer.toString(session), null,
                payload));
    }

    /**
     * What a statement record says: the statement, its kind and {@code outcome} (relay, hold or
     * "refuse SQLSTATE"), the reason, the policy {@code rule} that decided it (null when the gate
     * alone did) and what it writes. It depends on nothing else, so a session repeating a
     * statement builds it once. Null when there is no audit log.
     */
    public String statementPayload(String text, String fingerprint, Classification classification, String outcome,
            String rule) {
        if (sink.isEmpty()) {
            return null;
        }
        return json(json -> {
            if (hashText) {
                json.writeStringField("sql_sha256", Sha256.hex(text));
            } else {
                json.writeStringField("sql", fingerprint);
            }
            json.writeStringField("kind", classification.kind().name());
            json.writeStringField("decision", outcome);
            json.writeStringField("reason", classification.reason());
            if (rule != null) {
                json.writeStringField("rule", rule);
            }
            json.writeArrayFieldStart("writes");
            for (String target : classification.writes()) {
                json.writeString(target);
            }
            json.writeEndArray();
        });
    }

    /** A message refused before any statement was classified (a syntax error, say). */
    public boolean refusal(String actor, int session, String outcome, String reason) {
        if (sink.isEmpty()) {
            return true;
        }
        String payload = json(json -> {
            json.writeStringField("decision", outcome);
            json.writeStringField("reason", reason);
        });
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.DECISION, actor, Integer.toString(session), null,
                payload));
    }

    /** A JSON object written straight to text (no tree: this runs for every statement). */
    private static String json(Fields fields) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }
}
