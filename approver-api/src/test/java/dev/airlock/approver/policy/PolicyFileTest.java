package dev.airlock.approver.policy;

import static dev.airlock.approver.policy.Facts.AGENT;
import static dev.airlock.approver.policy.Facts.ANALYTICS_TASK;
import static dev.airlock.approver.policy.Facts.asking;
import static dev.airlock.approver.policy.Facts.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: a good new version takes over, a bad one is refused and the old one stays. */
class PolicyFileTest {
    private static final String TEMPLATE = """
            statement_rules:
              - name: %s
                when: "true"
                outcome: %s
            approval_rules:
              - name: default
                when: "true"
                approvers: 1
            """;

    @TempDir
    Path directory;

    @Test
    void changedFileIsSeenByTheEngine() throws Exception {
        Path file = write("allow-all", "allow");
        try (PolicyFile policy = PolicyFile.open(file, Duration.ofHours(1))) {
            PolicyEngine engine = policy.engine();
            String firstSha = policy.sha256();
            assertThat(Facts.outcome(engine.decide(asking(AGENT, ANALYTICS_TASK, read("x.y"))))).isEqualTo("allow");

            Files.writeString(file, TEMPLATE.formatted("deny-all", "deny"), StandardCharsets.UTF_8);
            assertThat(policy.reload()).isTrue();

            StatementDecision decision = engine.decide(asking(AGENT, ANALYTICS_TASK, read("x.y")));
            assertThat(Facts.outcome(decision)).isEqualTo("deny");
            assertThat(decision.rule().name()).isEqualTo("deny-all");
            assertThat(decision.rule().policySha256()).isEqualTo(policy.sha256()).isNotEqualTo(firstSha);
            assertThat(policy.reload()).as("unchanged text is not reloaded").isFalse();
        }
    }

    @Test
    void badNewVersionIsRefusedAndTheOldOneStays() throws Exception {
        Path file = write("allow-all", "allow");
        try (PolicyFile policy = PolicyFile.open(file, Duration.ofHours(1))) {
            String sha = policy.sha256();
            Files.writeString(file, TEMPLATE.formatted("allow-all", "perhaps"), StandardCharsets.UTF_8);

            assertThat(policy.reload()).isFalse();

            assertThat(policy.sha256()).isEqualTo(sha);
            assertThat(Facts.outcome(policy.engine().decide(asking(AGENT, ANALYTICS_TASK, read("x.y")))))
                    .isEqualTo("allow");
            assertThat(policy.lastRefusal()).hasValueSatisfying(refusal -> {
                assertThat(refusal.line()).isEqualTo(4);
                assertThat(refusal.getMessage()).startsWith(file + ":4: ").contains("outcome 'perhaps'");
            });
        }
    }

    @Test
    void pollerPicksUpAChangeByItself() throws Exception {
        Path file = write("allow-all", "allow");
        try (PolicyFile policy = PolicyFile.open(file, Duration.ofMillis(20))) {
            Files.writeString(file, TEMPLATE.formatted("hold-all", "hold"), StandardCharsets.UTF_8);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (policy.current().statementRules().get(0).ref().name().equals("allow-all")
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(policy.current().statementRules().get(0).ref().name()).isEqualTo("hold-all");
            assertThat(policy.loadedAt()).isNotNull();
        }
    }

    private Path write(String name, String outcome) throws IOException {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, TEMPLATE.formatted(name, outcome), StandardCharsets.UTF_8);
        return file;
    }
}
