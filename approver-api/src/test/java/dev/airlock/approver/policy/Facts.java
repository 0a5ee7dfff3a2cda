package dev.airlock.approver.policy;

import dev.airlock.sandbox.lint.RiskLevel;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** Small builders for policy contexts, so a table row reads like the case it tests. */
final class Facts {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    static final IdentityFacts AGENT = new IdentityFacts("etl-bot", "agent", "alice");
    static final IdentityFacts APPLICATION = new IdentityFacts("billing-app", "application", "");
    static final IdentityFacts ADMIN = new IdentityFacts("bob", "admin", "");
    static final TaskFacts ANALYTICS_TASK = new TaskFacts("t-1", "rebuild reports", new TaskFacts.Scope(
            List.of("analytics"), List.of("public.orders"), List.of("analytics.daily", "public.orders"),
            List.of("dml_change", "ddl_change")));
    static final ChangeFacts NO_EFFECT =
            new ChangeFacts(RiskLevel.LOW, List.of(), List.of(), List.of(), List.of(), OptionalLong.of(3));

    private Facts() {
    }

    static StatementFacts statement(StatementKind kind, String command, List<String> reads, List<String> writes) {
        return new StatementFacts(kind, command, "ab".repeat(32), reads, writes, List.of());
    }

    static StatementFacts read(String... tables) {
        return statement(StatementKind.READ, "SELECT", List.of(tables), List.of());
    }

    static StatementFacts change(StatementKind kind, String command, String... writes) {
        return statement(kind, command, List.of(), List.of(writes));
    }

    static StatementContext asking(IdentityFacts identity, TaskFacts task, StatementFacts statement) {
        return new StatementContext(identity, task, statement, NOW);
    }

    static ApprovalContext approving(StatementFacts statement, ChangeFacts change) {
        return new ApprovalContext(AGENT, ANALYTICS_TASK, statement, change, NOW);
    }

    static ChangeFacts access(String role, boolean gained) {
        return new ChangeFacts(RiskLevel.HIGH, List.of(), List.of(),
                List.of(new ChangeFacts.AccessChange(role, "SELECT", "public.orders", gained)), List.of(),
                OptionalLong.empty());
    }

    static String outcome(StatementDecision decision) {
        StatementOutcome outcome = decision.outcome();
        if (outcome instanceof StatementOutcome.Allow) {
            return "allow";
        }
        return outcome instanceof StatementOutcome.Hold ? "hold" : "deny";
    }
}
