package dev.airlock.approver.policy;

import static dev.airlock.approver.policy.Facts.APPLICATION;
import static dev.airlock.approver.policy.Facts.NOW;
import static dev.airlock.approver.policy.Facts.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembered decisions are the decisions the rules would make again. */
class StatementRulesTest {
    private static final String CLOSES_AT_NOON = """
              - name: closed-after-noon
                when: now >= timestamp("2026-11-21T12:00:00Z")
                outcome: deny
                message: closed
            """;
    private static final String ONE_STATEMENT_BANNED = """
              - name: banned-text
                when: statement.text_sha256 == "%s"
                outcome: deny
                message: banned
            """;

    /** A policy of {@code rule} and defaults that allow everything else. */
    private static StatementRules rules(String rule) throws InvalidPolicyException {
        return PolicyEngine.of(new PolicyReader().read("rules.yaml", "statement_rules:\n" + rule + """
                  - name: default
                    when: "true"
                    outcome: allow
                approval_rules:
                  - name: default
                    when: "true"
                    approvers: 1
                """)).statementRules();
    }

    @Test
    void aPolicyThatReadsTheTimeIsAskedAgainEachTime() throws InvalidPolicyException {
        StatementRules rules = rules(CLOSES_AT_NOON);
        StatementFacts statement = read("public.film");

        String morning = rules.decide(new StatementContext(APPLICATION, TaskFacts.NONE, statement, NOW)).rule().name();
        String afternoon = rules.decide(new StatementContext(APPLICATION, TaskFacts.NONE, statement,
                NOW.plusSeconds(3 * 3600))).rule().name();

        assertThat(List.of(morning, afternoon)).containsExactly("default", "closed-after-noon");
    }

    @Test
    void aRememberedDecisionIsTheOneItsFactsGetAndOnlyThem() throws InvalidPolicyException {
        String banned = "ab".repeat(32);
        StatementRules rules = rules(ONE_STATEMENT_BANNED.formatted(banned));
        StatementFacts plain = new StatementFacts(StatementKind.READ, "SELECT", "cd".repeat(32), List.of("public.film"),
                List.of(), List.of());
        StatementFacts bannedOne = new StatementFacts(StatementKind.READ, "SELECT", banned, List.of("public.film"),
                List.of(), List.of());

        assertThat(rules.readsStatementText()).isTrue();
        for (int round = 0; round < 2; round++) {
            assertThat(rules.decide(new StatementContext(APPLICATION, TaskFacts.NONE, plain, NOW)).rule().name())
                    .isEqualTo("default");
            assertThat(rules.decide(new StatementContext(APPLICATION, TaskFacts.NONE, bannedOne, NOW)).rule().name())
                    .isEqualTo("banned-text");
        }
    }

    @Test
    void theShippedDefaultPolicyNeedsNoStatementText() throws InvalidPolicyException {
        StatementRules rules = PolicyEngine.of(new PolicyReader().readResource(PolicyReader.DEFAULT_POLICY))
                .statementRules();

        assertThat(rules.readsStatementText()).isFalse();
    }
}
