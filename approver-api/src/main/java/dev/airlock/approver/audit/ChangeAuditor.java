package dev.airlock.approver.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.approver.change.Transition;
import dev.airlock.approver.store.ChangeHistoryListener;
import dev.airlock.approver.store.StateChange;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the change requests' history on the audit record: every transition, every reviewer's
 * decision, and for a move that carries production's results, the replay's outcome (command
 * tags, row counts and SQLSTATEs; not production's messages, which can quote row values).
 *
 * <p>These moves are already committed when they are heard of and happen on API and executor
 * threads, never an event loop, so a full log is waited on for a while rather than refused; if it
 * stays full the loss is logged as an error.
 */
public final class ChangeAuditor implements ChangeHistoryListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeAuditor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final AuditSink sink;

    public ChangeAuditor(AuditSink sink) {
        this.sink = sink;
    }

    @Override
    public void moved(Transition transition, StateChange change) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("from", transition.from() == null ? null : transition.from().name());
        payload.put("to", transition.to().name());
        payload.put("reason", transition.reason());
        String subject = transition.changeId().toString();
        record(new AuditEvent(transition.at(), AuditKind.CHANGE_TRANSITION, transition.actor(), null, subject,
                payload.toString()));
        if (change != null && change.results() != null) {
            ObjectNode outcome = JSON.createObjectNode();
            outcome.put("outcome", transition.to().name());
            ArrayNode results = outcome.putArray("results");
            for (ProductionResult result : change.results()) {
                ObjectNode one = results.addObject();
                one.put("index", result.index());
                one.put("command_tag", result.commandTag());
                one.put("row_count", result.rowCount());
                one.put("sql_state", result.sqlState());
            }
            if (change.verification() != null) {
                outcome.put("verification_matched", Boolean.TRUE.equals(change.verificationMatched()));
            }
            record(new AuditEvent(transition.at(), AuditKind.REPLAY, transition.actor(), null, subject,
                    outcome.toString()));
        }
    }

    @Override
    public void decided(Approval approval) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("decision", approval.decision().name());
        payload.put("comment", approval.comment());
        payload.put("effect_sha256", approval.effectSha256());
        record(new AuditEvent(approval.at(), AuditKind.APPROVAL, approval.approver(), null,
                approval.changeId().toString(), payload.toString()));
    }

    private void record(AuditEvent event) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!sink.offer(event)) {
            if (System.nanoTime() > deadline) {
                LOG.error("audit log: full for {}; not recorded: {} by {} on {}", PATIENCE, event.kind(), event.actor(),
                        event.subject());
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
