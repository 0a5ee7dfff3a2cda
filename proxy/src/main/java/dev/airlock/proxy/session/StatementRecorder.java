package dev.airlock.proxy.session;

import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.StatementDecision;
import dev.airlock.proxy.log.AuditTrail;
import dev.airlock.proxy.log.StatementLog;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.Sha256;
import dev.airlock.proxy.protocol.SqlState;
import java.util.List;
import java.util.Objects;

/**
 * Puts one session's statements on the statement log and the audit log before anything is
 * relayed, and counts them in the metrics as the audit log records them (a prepared statement
 * each time it runs). Every method returns false when a log could not take the record; the caller
 * then refuses the statement ({@link #notRecorded()}) rather than run it unrecorded.
 */
final class StatementRecorder {
    private final StatementLog statementLog;
    private final AuditTrail audit;
    private final String actor;
    private final int session;
    private final boolean hashStatements;
    private final SessionMetrics metrics;
    /** The last statement put on the audit log: repeating it (a prepared statement's runs) reuses its payload. */
    private AuditedStatement lastAudited;

    /**
     * A statement's audit payload and everything it is made of; the classification is compared by
     * identity (the gate's cached one).
     */
    private record AuditedStatement(String sql, Classification classification, String outcome, String rule,
            String payload) {
        boolean isFor(String otherSql, Classification otherClassification, String otherOutcome, String otherRule) {
            return classification == otherClassification && sql.equals(otherSql) && outcome.equals(otherOutcome)
                    && Objects.equals(rule, otherRule);
        }
    }

    StatementRecorder(StatementLog statementLog, AuditTrail audit, String actor, int session, boolean hashStatements,
                      SessionMetrics metrics) {
        this.metrics = metrics;
        this.statementLog = statementLog;
        this.audit = audit;
        this.actor = actor;
        this.session = session;
        this.hashStatements = hashStatements;
    }

    /**
     * What happens to a message, as the logs say it: {@code hold} (an agent's change),
     * {@code refuse SQLSTATE} or {@code relay}.
     */
    static String outcome(QueryDecision decision, boolean forAgent) {
        return forAgent && decision.isChangeForAgent() ? "hold"
                : decision.isRefused() ? "refuse " + decision.refusal().sqlState().code() : "relay";
    }

    /**
     * Records every statement of a message and its {@code outcome}, in the statement log and, with
     * {@code onAuditLog}, on the audit log (a statement accepted at Parse goes there when it runs:
     * {@link #executed}).
     */
    boolean record(QueryDecision decision, String outcome, boolean onAuditLog) {
        long now = System.currentTimeMillis();
        if (decision.statements().isEmpty()) {
            return !decision.isRefused() || statementLog.record(new StatementLog.Entry(now, session, actor, "-", outcome,
                    decision.refusal().getMessage(), ""))
                    && audit.refusal(actor, session, outcome, decision.refusal().getMessage());
        }
        List<String> rules = decision.rules();
        for (int i = 0; i < decision.statements().size(); i++) {
            StatementDecision statement = decision.statements().get(i);
            String text = hashStatements ? "sha256:" + Sha256.hex(statement.statement().text()) : statement.fingerprint();
            if (!statementLog.record(new StatementLog.Entry(now, session, actor, statement.classification().kind().name(),
                    outcome, statement.classification().reason(), text))
                    || onAuditLog && !onAuditLog(statement, outcome, i < rules.size() ? rules.get(i) : null)) {
                return false;
            }
        }
        return true;
    }

    /** Records one run (an Execute) of a statement accepted at Parse. */
    boolean executed(ExecutionRecords.Decided running) {
        return onAuditLog(running.statement(), running.outcome(), running.rule());
    }

    private boolean onAuditLog(StatementDecision statement, String outcome, String rule) {
        metrics.statement(statement.classification().kind(), outcome.equals("hold") ? SessionMetrics.Decision.HELD
                : outcome.equals("relay") ? SessionMetrics.Decision.RELAYED : SessionMetrics.Decision.REFUSED);
        return audit.statement(actor, session, payload(statement, outcome, rule));
    }

    private String payload(StatementDecision statement, String outcome, String rule) {
        String sql = hashStatements ? statement.statement().text() : statement.fingerprint();
        Classification classification = statement.classification();
        if (lastAudited == null || !lastAudited.isFor(sql, classification, outcome, rule)) {
            lastAudited = new AuditedStatement(sql, classification, outcome, rule, audit.statementPayload(
                    statement.statement().text(), statement.fingerprint(), classification, outcome, rule));
        }
        return lastAudited.payload();
    }

    static PgException notRecorded() {
        return PgException.error(SqlState.INSUFFICIENT_RESOURCES,
                "Airlock cannot record statements as fast as they arrive, so it does not run them; try again");
    }
}
