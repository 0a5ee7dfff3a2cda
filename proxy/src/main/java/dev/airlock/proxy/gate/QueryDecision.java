package dev.airlock.proxy.gate;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import java.util.List;
import java.util.Locale;

/**
 * The gate's answer for a whole Query or Parse: each statement's classification and what an
 * application session must do with the lot. A refused statement refuses the whole message, with
 * the strongest reason: a FORBIDDEN statement wins over a change, and a change over a refused
 * session setting (inside a change set, SET default_transaction_read_only is part of the change).
 *
 * <p>{@code rules} names, statement by statement, the policy rule that decided it (empty before
 * the policy has looked); {@code deniedByPolicy} marks a message a policy rule refused, which an
 * agent's session must not file as a change.
 */
public record QueryDecision(List<StatementDecision> statements, PgException refusal, List<String> rules,
                            boolean deniedByPolicy) {
    private static final String READ_ONLY_HINT =
            "This connection is read-only. Changes go through an agent task and a reviewer's approval.";

    public QueryDecision {
        statements = java.util.Collections.unmodifiableList(statements);
        rules = List.copyOf(rules);
    }

    public static QueryDecision refused(PgException refusal) {
        return new QueryDecision(List.of(), refusal, List.of(), false);
    }

    /** The decision for an application session, which may only read. */
    public static QueryDecision forApplication(List<StatementDecision> statements) {
        StatementDecision forbidden = null;
        StatementDecision change = null;
        StatementDecision sessionRefusal = null;
        for (StatementDecision decision : statements) {
            StatementKind kind = decision.classification().kind();
            if (kind == StatementKind.FORBIDDEN && !decision.classification().sessionState() && forbidden == null) {
                forbidden = decision;
            } else if (kind.isChange() && change == null) {
                change = decision;
            } else if (kind == StatementKind.FORBIDDEN && sessionRefusal == null) {
                sessionRefusal = decision;
            }
        }
        PgException refusal = null;
        if (forbidden != null) {
            refusal = refuse(forbidden, forbidden.classification().refusal());
        } else if (change != null) {
            refusal = refuse(change, SqlState.READ_ONLY_SQL_TRANSACTION).withHint(READ_ONLY_HINT);
        } else if (sessionRefusal != null) {
            refusal = refuse(sessionRefusal, sessionRefusal.classification().refusal());
        }
        return new QueryDecision(statements, refusal, List.of(), false);
    }

    private static PgException refuse(StatementDecision decision, SqlState state) {
        Classification classification = decision.classification();
        String what = decision.statement().word(0) == null ? "statement" : decision.statement().word(0).toUpperCase(Locale.ROOT);
        String message = switch (classification.kind()) {
            case FORBIDDEN -> "Airlock refused " + what + ": " + classification.reason();
            case DML_CHANGE, DDL_CHANGE, DCL_CHANGE -> "cannot execute " + what + " through Airlock: application sessions are read-only";
            default -> "Airlock refused " + what;
        };
        PgException exception = PgException.error(state, message);
        return classification.kind().isChange() ? exception.withDetail("The statement " + classification.reason() + ".") : exception;
    }

    /**
     * For an agent's session: the message holds a change and nothing forbidden outright, so it is
     * filed as a change set instead of refused (session-state refusals such as SET ROLE go with it).
     */
    public boolean isChangeForAgent() {
        if (deniedByPolicy) {
            return false;
        }
        boolean change = false;
        for (StatementDecision decision : statements) {
            Classification classification = decision.classification();
            if (classification.kind() == StatementKind.FORBIDDEN && !classification.sessionState()) {
                return false;
            }
            change |= classification.kind().isChange();
        }
        return change;
    }

    /** This decision with the rule that decided each statement. */
    public QueryDecision withRules(List<String> decidedBy) {
        return new QueryDecision(statements, refusal, decidedBy, deniedByPolicy);
    }

    /** This decision refused by a policy rule. */
    public QueryDecision deniedBy(PgException policyRefusal, List<String> decidedBy) {
        return new QueryDecision(statements, policyRefusal, decidedBy, true);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
