package dev.airlock.approver.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of broken policy file is refused with the file, the line and the rule. */
class MalformedPolicyTest {
    private static final String APPROVALS = """
            approval_rules:
              - name: default
                when: "true"
                approvers: 1
            """;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("YAML syntax error", """
                        statement_rules:
                          - name: a
                            when: "true"
                           outcome: allow
                        """ + APPROVALS, 4, "not valid YAML"),
                Arguments.of("unknown key in a rule", """
                        statement_rules:
                          - name: default
                            when: "true"
                            outcome: allow
                            priority: 3
                        """ + APPROVALS, 5, "statement_rules[0] 'default': unknown key 'priority'"),
                Arguments.of("unknown top-level key", "statment_rules: []\n" + APPROVALS, 1, "unknown key 'statment_rules'"),
                Arguments.of("bad outcome", """
                        statement_rules:
                          - name: default
                            when: "true"
                            outcome: permit
                        """ + APPROVALS, 4, "statement_rules[0] 'default': outcome 'permit' is not one of allow, hold, deny"),
                Arguments.of("message on allow", """
                        statement_rules:
                          - name: default
                            when: "true"
                            outcome: allow
                            message: hi
                        """ + APPROVALS, 5, "message is only shown for outcome: deny"),
                Arguments.of("CEL syntax error", """
                        statement_rules:
                          - name: reads
                            when: statement.kind ==
                            outcome: allow
                          - name: default
                            when: "true"
                            outcome: deny
                        """ + APPROVALS, 3, "statement_rules[0] 'reads': when:"),
                Arguments.of("CEL type error: unknown field", """
                        statement_rules:
                          - name: reads
                            outcome: allow
                            when: statement.kinds == "read"
                          - name: default
                            when: "true"
                            outcome: deny
                        """ + APPROVALS, 4, "undefined field 'kinds'"),
                Arguments.of("CEL type error: not boolean", """
                        statement_rules:
                          - name: reads
                            when: statement.kind
                            outcome: allow
                          - name: default
                            when: "true"
                            outcome: deny
                        """ + APPROVALS, 3, "statement_rules[0] 'reads': when: expected type 'bool'"),
                Arguments.of("CEL type error: change in a statement rule", """
                        statement_rules:
                          - name: risky
                            when: change.risk == "high"
                            outcome: deny
                          - name: default
                            when: "true"
                            outcome: deny
                        """ + APPROVALS, 3, "undeclared reference to 'change'"),
                Arguments.of("missing default", """
                        statement_rules:
                          - name: reads
                            when: statement.kind == "read"
                            outcome: allow
                        """ + APPROVALS, 3, "the last rule of statement_rules is its default"),
                Arguments.of("default before the end", """
                        statement_rules:
                          - name: everything
                            when: "true"
                            outcome: allow
                          - name: default
                            when: "true"
                            outcome: deny
                        """ + APPROVALS, 3, "only the last rule of statement_rules may be the default"),
                Arguments.of("missing approval rules", """
                        statement_rules:
                          - name: default
                            when: "true"
                            outcome: deny
                        """, 1, "missing approval_rules"),
                Arguments.of("bad approvers", """
                        statement_rules:
                          - name: default
                            when: "true"
                            outcome: deny
                        approval_rules:
                          - name: default
                            when: "true"
                            approvers: two
                        """, 8, "approval_rules[0] 'default': approvers must be a whole number"),
                Arguments.of("duplicate key", """
                        statement_rules:
                          - name: default
                            when: "true"
                            when: "false"
                            outcome: deny
                        """ + APPROVALS, 4, "duplicate key 'when'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenPolicyIsRefusedNamingTheLine(String what, String text, int line, String message) {
        assertThatThrownBy(() -> new PolicyReader().read("broken.yaml", text))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("broken.yaml:" + line + ": ")
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidPolicyException) e).line()).isEqualTo(line);
    }
}
