package dev.airlock.proxy.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approver.audit.AuditEvent;
import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditSink;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.protocol.Sha256;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode payload = JSON.createObjectNode().put("remote", remote).put("succeeded", succeeded);
        if (reason != null) {
            payload.put("reason", reason);
        }
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.AUTHENTICATION, user, null, null, payload.toString()));
    }

    /**
     * One statement and the decision on it: {@code outcome} is relay, hold or "refuse SQLSTATE";
     * {@code rule} names the policy rule that decided it (null when the gate alone did).
     */
    public boolean statement(String actor, int session, String text, String fingerprint, Classification classification,
            String outcome, String rule) {
        if (sink.isEmpty()) {
            return true;
        }
        ObjectNode payload = JSON.createObjectNode();
        if (hashText) {
            payload.put("sql_sha256", Sha256.hex(text));
        } else {
            payload.put("sql", fingerprint);
        }
        payload.put("kind", classification.kind().name()).put("decision", outcome).put("reason", classification.reason());
        if (rule != null) {
            payload.put("rule", rule);
        }
        classification.writes().forEach(payload.putArray("writes")::add);
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.STATEMENT, actor, Integer.toString(session), null,
                payload.toString()));
    }

    /** A message refused before any statement was classified (a syntax error, say). */
    public boolean refusal(String actor, int session, String outcome, String reason) {
        if (sink.isEmpty()) {
            return true;
        }
        ObjectNode payload = JSON.createObjectNode().put("decision", outcome).put("reason", reason);
        return sink.get().offer(new AuditEvent(Instant.now(), AuditKind.DECISION, actor, Integer.toString(session), null,
                payload.toString()));
    }
}
