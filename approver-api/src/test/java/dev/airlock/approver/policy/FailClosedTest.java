package dev.airlock.approver.policy;

import static dev.airlock.approver.policy.Facts.AGENT;
import static dev.airlock.approver.policy.Facts.ANALYTICS_TASK;
import static dev.airlock.approver.policy.Facts.NO_EFFECT;
import static dev.airlock.approver.policy.Facts.approving;
import static dev.airlock.approver.policy.Facts.asking;
import static dev.airlock.approver.policy.Facts.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.lint.RiskLevel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A condition that cannot be evaluated never lets a later, laxer rule decide. */
class FailClosedTest {
    private static final String POLICY = """
            tags:
              public.ledger: [critical]
            statement_rules:
              - name: lookup-tag
                when: "'critical' in tags[statement.writes[0]]"
                outcome: hold
              - name: default
                when: "true"
                outcome: allow
            approval_rules:
              - name: big-change
                when: change.affected_rows > 1000
                approvers: 2
              - name: needs-dba
                when: change.risk == "critical"
                approvers: 3
                group: dba
              - name: default
                when: "true"
                approvers: 1
            """;

    private final PolicyEngine engine;

    FailClosedTest() throws InvalidPolicyException {
        engine = PolicyEngine.of(new PolicyReader().read("fail-closed.yaml", POLICY));
    }

    @Test
    void statementWhoseConditionFailsIsDeniedNamingTheRule() {
        StatementDecision decision = engine.decide(asking(AGENT, ANALYTICS_TASK,
                change(StatementKind.DML_CHANGE, "UPDATE", "public.untagged")));

        assertThat(decision.outcome()).isInstanceOf(StatementOutcome.Deny.class);
        assertThat(decision.rule().name()).isEqualTo("lookup-tag");
        assertThat(decision.rule().index()).isZero();
        assertThat(decision.failure()).isPresent();
    }

    @Test
    void statementWhoseConditionHoldsIsDecidedNormally() {
        StatementDecision decision = engine.decide(asking(AGENT, ANALYTICS_TASK,
                change(StatementKind.DML_CHANGE, "UPDATE", "public.ledger")));

        assertThat(decision.outcome()).isInstanceOf(StatementOutcome.Hold.class);
        assertThat(decision.failure()).isEmpty();
    }

    @Test
    void approvalWhoseConditionFailsNeedsTheStrictestRequirement() {
        ChangeFacts uncounted = new ChangeFacts(RiskLevel.LOW, List.of(), List.of(), List.of(), List.of(),
                OptionalLong.empty());

        ApprovalRequirement requirement = engine.require(approving(change(StatementKind.DML_CHANGE, "UPDATE", "t"),
                uncounted));

        assertThat(requirement.approvers()).isEqualTo(3);
        assertThat(requirement.group()).contains("dba");
        assertThat(requirement.rule().name()).isEqualTo("big-change");
        assertThat(requirement.failure()).isPresent();
    }

    @Test
    void approvalWithCountedRowsIsDecidedNormally() {
        ApprovalRequirement requirement = engine.require(approving(change(StatementKind.DML_CHANGE, "UPDATE", "t"),
                NO_EFFECT));

        assertThat(requirement.approvers()).isEqualTo(1);
        assertThat(requirement.group()).isEqualTo(Optional.empty());
        assertThat(requirement.rule().name()).isEqualTo("default");
        assertThat(requirement.rule().index()).isEqualTo(2);
    }
}
