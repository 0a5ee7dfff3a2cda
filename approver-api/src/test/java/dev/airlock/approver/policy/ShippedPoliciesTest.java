package dev.airlock.approver.policy;

import static dev.airlock.approver.policy.Facts.ADMIN;
import static dev.airlock.approver.policy.Facts.AGENT;
import static dev.airlock.approver.policy.Facts.ANALYTICS_TASK;
import static dev.airlock.approver.policy.Facts.APPLICATION;
import static dev.airlock.approver.policy.Facts.NO_EFFECT;
import static dev.airlock.approver.policy.Facts.access;
import static dev.airlock.approver.policy.Facts.approving;
import static dev.airlock.approver.policy.Facts.asking;
import static dev.airlock.approver.policy.Facts.change;
import static dev.airlock.approver.policy.Facts.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.lint.RiskLevel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped default policy and each example behave as their comments say. */
class ShippedPoliciesTest {
    private static final String DEFAULT = PolicyReader.DEFAULT_POLICY;
    private static final String PUBLIC = "policy/examples/public-access-needs-two-dbas.yaml";
    private static final String CRITICAL = "policy/examples/no-drop-on-critical-tables.yaml";
    private static final String ANALYTICS = "policy/examples/agents-change-only-analytics.yaml";

    static Stream<Arguments> statements() {
        return Stream.of(
                // default policy
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, read("analytics.daily", "public.orders")), "allow", "agent-read-in-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, read("public.customers")), "deny", "agent-read-out-of-scope"),
                Arguments.of(DEFAULT, asking(AGENT, TaskFacts.NONE, read("analytics.daily")), "deny", "agent-read-out-of-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DML_CHANGE, "UPDATE", "public.orders")), "hold", "agent-change-in-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DML_CHANGE, "UPDATE", "*")), "deny", "agent-change-out-of-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DML_CHANGE, "DELETE", "public.customers")), "deny", "agent-change-out-of-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DCL_CHANGE, "GRANT", "public.orders")), "deny", "agent-change-out-of-scope"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.FORBIDDEN, "COPY")), "deny", "deny-forbidden"),
                Arguments.of(DEFAULT, asking(AGENT, ANALYTICS_TASK, change(StatementKind.SESSION_SETTING, "SET")), "allow", "allow-session-and-transaction-control"),
                Arguments.of(DEFAULT, asking(APPLICATION, TaskFacts.NONE, read("public.customers")), "allow", "allow-reads"),
                Arguments.of(DEFAULT, asking(APPLICATION, TaskFacts.NONE, change(StatementKind.DML_CHANGE, "INSERT", "public.orders")), "deny", "application-is-read-only"),
                Arguments.of(DEFAULT, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "ALTER", "*")), "hold", "hold-changes"),
                // deny DROP on critical tables
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "DROP", "public.ledger")), "deny", "deny-drop-critical"),
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "drop", "public.tmp", "public.payments")), "deny", "deny-drop-critical"),
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "DROP", "*")), "deny", "deny-drop-critical"),
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "DROP", "public.customers")), "hold", "hold-changes"),
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DDL_CHANGE, "ALTER", "public.ledger")), "hold", "hold-changes"),
                Arguments.of(CRITICAL, asking(ADMIN, TaskFacts.NONE, read("public.ledger")), "allow", "default"),
                // agents change only analytics
                Arguments.of(ANALYTICS, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DML_CHANGE, "UPDATE", "analytics.daily")), "hold", "hold-changes"),
                Arguments.of(ANALYTICS, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DML_CHANGE, "UPDATE", "analytics.daily", "public.orders")), "deny", "agent-change-outside-analytics"),
                Arguments.of(ANALYTICS, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DDL_CHANGE, "CREATE", "*")), "deny", "agent-change-outside-analytics"),
                Arguments.of(ANALYTICS, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DDL_CHANGE, "CREATE", "analyticsx.t")), "deny", "agent-change-outside-analytics"),
                Arguments.of(ANALYTICS, asking(ADMIN, TaskFacts.NONE, change(StatementKind.DML_CHANGE, "UPDATE", "public.orders")), "hold", "hold-changes"),
                Arguments.of(ANALYTICS, asking(AGENT, ANALYTICS_TASK, read("public.orders")), "allow", "default"),
                // public access example: statements
                Arguments.of(PUBLIC, asking(AGENT, ANALYTICS_TASK, change(StatementKind.DCL_CHANGE, "GRANT", "public.orders")), "hold", "hold-changes"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} by {3}")
    @MethodSource("statements")
    void statementRuleDecidesAsDocumented(String policy, StatementContext context, String outcome, String rule)
            throws InvalidPolicyException {
        StatementDecision decision = PolicyEngine.of(new PolicyReader().readResource(policy)).decide(context);

        assertThat(Facts.outcome(decision)).isEqualTo(outcome);
        assertThat(decision.rule().name()).isEqualTo(rule);
        assertThat(decision.rule().list()).isEqualTo("statement_rules");
        assertThat(decision.failure()).isEmpty();
    }

    static Stream<Arguments> approvals() {
        var grant = change(StatementKind.DCL_CHANGE, "GRANT", "public.orders");
        var update = change(StatementKind.DML_CHANGE, "UPDATE", "public.orders");
        var createRole = new ChangeFacts(RiskLevel.HIGH, List.of(), List.of(new ChangeFacts.SchemaChange("role",
                "reporter", ChangeFacts.Direction.ADDED)), List.of(), List.of(), OptionalLong.empty());
        return Stream.of(
                Arguments.of(DEFAULT, approving(grant, access("PUBLIC", true)), 2, "dba", "dcl-touching-public-or-roles"),
                Arguments.of(DEFAULT, approving(grant, access("PUBLIC", false)), 2, "dba", "dcl-touching-public-or-roles"),
                Arguments.of(DEFAULT, approving(change(StatementKind.DCL_CHANGE, "CREATE ROLE"), createRole), 2, "dba", "dcl-touching-public-or-roles"),
                Arguments.of(DEFAULT, approving(change(StatementKind.DCL_CHANGE, "GRANT", "*"), NO_EFFECT), 2, "dba", "dcl-touching-public-or-roles"),
                Arguments.of(DEFAULT, approving(grant, access("reporter", true)), 1, null, "default"),
                Arguments.of(DEFAULT, approving(update, NO_EFFECT), 1, null, "default"),
                Arguments.of(PUBLIC, approving(grant, access("PUBLIC", true)), 2, "dba", "public-gains-access"),
                Arguments.of(PUBLIC, approving(grant, access("public", true)), 2, "dba", "public-gains-access"),
                Arguments.of(PUBLIC, approving(grant, access("PUBLIC", false)), 1, null, "default"),
                Arguments.of(PUBLIC, approving(grant, access("reporter", true)), 1, null, "default"),
                Arguments.of(PUBLIC, approving(update, NO_EFFECT), 1, null, "default"),
                Arguments.of(CRITICAL, approving(update, NO_EFFECT), 1, null, "default"),
                Arguments.of(ANALYTICS, approving(update, NO_EFFECT), 1, null, "default"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} from {3} by {4}")
    @MethodSource("approvals")
    void approvalRuleRequiresAsDocumented(String policy, ApprovalContext context, int approvers, String group,
                                          String rule) throws InvalidPolicyException {
        ApprovalRequirement requirement = PolicyEngine.of(new PolicyReader().readResource(policy)).require(context);

        assertThat(requirement.approvers()).isEqualTo(approvers);
        assertThat(requirement.group()).isEqualTo(Optional.ofNullable(group));
        assertThat(requirement.rule().name()).isEqualTo(rule);
        assertThat(requirement.failure()).isEmpty();
    }
}
