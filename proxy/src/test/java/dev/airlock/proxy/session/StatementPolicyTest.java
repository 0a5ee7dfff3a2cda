package dev.airlock.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.InvalidPolicyException;
import dev.airlock.approver.policy.Policy;
import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.approver.policy.PolicyReader;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.StatementDecision;
import dev.airlock.proxy.gate.StatementKind;
import dev.airlock.proxy.lexer.StatementSplitter;
import dev.airlock.proxy.protocol.Sha256;
import dev.airlock.proxy.protocol.SqlState;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A session's remembered verdict is the one the policy would give again, and never outlives what it was based on. */
class StatementPolicyTest {
    private static final Identity APP = Identity.application("app",
            ScramVerifier.fromPassword("app".toCharArray(), new SecureRandom()));
    private static final Classification FILM = read("public.film");
    private static final Classification SECRET = read("public.secret");

    @Test
    void eachStatementGetsItsOwnClassificationsVerdict() throws InvalidPolicyException {
        StatementPolicy policy = new StatementPolicy(PolicyEngine.of(policy("deny-secret",
                "'public.secret' in statement.reads")), APP);

        assertThat(policy.apply(decision("SELECT * FROM film", FILM)).rules()).containsExactly("default");
        QueryDecision secret = policy.apply(decision("SELECT * FROM secret", SECRET));
        assertThat(secret.isRefused()).isTrue();
        assertThat(secret.refusal().sqlState()).isEqualTo(SqlState.INSUFFICIENT_PRIVILEGE);
        assertThat(secret.rules()).containsExactly("deny-secret");
        assertThat(policy.apply(decision("SELECT * FROM film", FILM)).rules()).containsExactly("default");
    }

    @Test
    void aNewPolicyVersionDecidesAgain() throws InvalidPolicyException {
        AtomicReference<Policy> current = new AtomicReference<>(policy("deny-secret", "'public.secret' in statement.reads"));
        StatementPolicy policy = new StatementPolicy(new PolicyEngine(current::get), APP);
        assertThat(policy.apply(decision("SELECT * FROM film", FILM)).isRefused()).isFalse();

        current.set(policy("deny-film", "'public.film' in statement.reads"));

        QueryDecision again = policy.apply(decision("SELECT * FROM film", FILM));
        assertThat(again.isRefused()).isTrue();
        assertThat(again.rules()).containsExactly("deny-film");
    }

    @Test
    void aPolicyThatReadsTheTextSeesEveryStatementsText() throws InvalidPolicyException {
        String banned = Sha256.hex("SELECT * FROM film WHERE film_id = 2");
        StatementPolicy policy = new StatementPolicy(PolicyEngine.of(policy("deny-one-text",
                "statement.text_sha256 == '" + banned + "'")), APP);

        assertThat(policy.apply(decision("SELECT * FROM film WHERE film_id = 1", FILM)).isRefused()).isFalse();
        assertThat(policy.apply(decision("SELECT * FROM film WHERE film_id = 2", FILM)).rules())
                .containsExactly("deny-one-text");
    }

    private static Policy policy(String rule, String condition) throws InvalidPolicyException {
        return new PolicyReader().read(rule + ".yaml", """
                approval_rules:
                  - {name: default, when: "true", approvers: 1}
                statement_rules:
                  - {name: %s, when: "%s", outcome: deny, message: not this one}
                  - {name: default, when: "true", outcome: allow}
                """.formatted(rule, condition.replace("\"", "\\\"")));
    }

    private static Classification read(String table) {
        return new Classification(StatementKind.READ, "proven read", null, false, Set.of(table), Set.of(), Set.of(),
                Set.of());
    }

    private static QueryDecision decision(String sql, Classification classification) {
        return QueryDecision.forApplication(List.of(new StatementDecision(StatementSplitter.split(sql, true).get(0),
                classification, sql)));
    }
}
