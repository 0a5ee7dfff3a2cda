package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer's and operator's commands ({@code changes}, {@code identities}, {@code tasks},
 * {@code agents}) run as the {@code airlock} process against a real control plane: human output,
 * {@code --json}, and the exit codes scripts rely on (0 done, 2 usage, 6 token refused, 7 not
 * found, 8 the change moved on or cannot move so); and on the server, that what the exit code
 * says happened did (or did not).
 */
class ReviewCliIT {
    private static final String DATABASE = "review_cli";
    private static final String AGENT = "robot";
    private static final String AGENT_PASSWORD = "robot-agent-secret";
    private static final TaskFacts.Scope SCOPE = new TaskFacts.Scope(List.of("public"), List.of(), List.of("public.*"),
            List.of("dml_change", "ddl_change", "dcl_change"));

    private static AgentWorld world;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        Identity agent = new Identity(AGENT, IdentityKind.AGENT,
                ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()), "ops",
                new TaskFacts("cli-task", "changes reviewed from a terminal", SCOPE), HoldMode.NOTICE, false);
        world = AgentWorld.start(DATABASE, List.of(agent), Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    private AirlockProcess cli(String token, String... arguments) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("AIRLOCK_API_URL", "http://127.0.0.1:" + world.controlPlane.httpPort());
        if (token != null) {
            environment.put("AIRLOCK_TOKEN", token);
        }
        return AirlockProcess.run(workDir, environment, "", arguments);
    }

    private static JsonNode fileChange(String sql, String marker) throws Exception {
        try (Connection connection = world.airlock.connectAs(AGENT, AGENT_PASSWORD, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return world.awaitPending(marker);
    }

    private static String state(String id) throws Exception {
        return world.get("/api/changes/" + id, AgentWorld.ALICE).path("state").asText();
    }

    private static boolean column(String name) {
        return "1".equals(world.production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = '" + name + "'"));
    }

    @Test
    void changesAreListedAndShownExactlyAsSentWithTheirHashes() throws Exception {
        JsonNode change = fileChange("COMMENT ON TABLE notes IS 'na\u00efve\u200b note'", "COMMENT ON TABLE notes");
        String id = change.path("id").asText();

        AirlockProcess list = cli(AgentWorld.ALICE, "changes", "list", "--state", "pending", "--agent", AGENT);
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(id).contains("PENDING").contains(AGENT);
        AirlockProcess json = cli(AgentWorld.ALICE, "changes", "list", "--json", "--state", "applied", "--agent", AGENT);
        assertThat(json.exitCode()).isZero();
        assertThat(AgentWorld.JSON.readTree(json.stdout()).findValuesAsText("id")).doesNotContain(id);

        AirlockProcess show = cli(AgentWorld.ALICE, "changes", "show", id);
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("  | COMMENT ON TABLE notes IS 'na\u00efve\u200b note'")
                .contains("U+200B ZERO WIDTH SPACE").contains("U+00EF LATIN SMALL LETTER I WITH DIAERESIS")
                .contains("statements sha256: " + change.path("statementsSha256").asText())
                .contains("effect sha256:     " + change.path("effectSha256").asText())
                .contains("base fingerprint:  " + change.path("baseFingerprint").asText())
                .contains("changes reviewed from a terminal").contains("agent-change-in-scope");
        AirlockProcess showJson = cli(AgentWorld.ALICE, "changes", "show", "--json", id);
        assertThat(AgentWorld.JSON.readTree(showJson.stdout()).path("statements").get(0).path("sql").asText())
                .isEqualTo("COMMENT ON TABLE notes IS 'na\u00efve\u200b note'");

        AirlockProcess unknown = cli(AgentWorld.ALICE, "changes", "show", UUID.randomUUID().toString());
        assertThat(unknown.exitCode()).isEqualTo(7);
        AirlockProcess badToken = cli("not-a-token", "changes", "list");
        assertThat(badToken.exitCode()).isEqualTo(6);
        assertThat(badToken.stderr()).contains("Unauthenticated");
        AirlockProcess noToken = cli(null, "changes", "list");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.stderr()).contains("AIRLOCK_TOKEN");
    }

    @Test
    void approvingNeedsTheHashesReviewedAndAppliesOnlyThen() throws Exception {
        JsonNode change = fileChange("ALTER TABLE notes ADD COLUMN approved_from_cli text", "approved_from_cli");
        String id = change.path("id").asText();
        String statements = change.path("statementsSha256").asText();
        String effect = change.path("effectSha256").asText();
        String base = change.path("baseFingerprint").asText();

        AirlockProcess noTerminal = cli(AgentWorld.ALICE, "changes", "approve", id);
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.stderr()).contains("--statements-sha256").contains("terminal");
        AirlockProcess partial = cli(AgentWorld.ALICE, "changes", "approve", id, "--statements-sha256", statements);
        assertThat(partial.exitCode()).isEqualTo(2);
        AirlockProcess moved = cli(AgentWorld.ALICE, "changes", "approve", id, "--statements-sha256", statements,
                "--effect-sha256", "0".repeat(64), "--base-fingerprint", base);
        assertThat(moved.exitCode()).isEqualTo(8);
        assertThat(moved.stderr()).contains("effectSha256");
        assertThat(state(id)).isEqualTo("PENDING");
        assertThat(world.get("/api/changes/" + id, AgentWorld.ALICE).path("approvals")).isEmpty();
        AirlockProcess asAdmin = cli(AgentWorld.DAVE, "changes", "approve", id, "--statements-sha256", statements,
                "--effect-sha256", effect, "--base-fingerprint", base);
        assertThat(asAdmin.exitCode()).as("an admin is no approver").isEqualTo(6);
        assertThat(column("approved_from_cli")).isFalse();

        AirlockProcess approved = cli(AgentWorld.ALICE, "changes", "approve", id, "--statements-sha256", statements,
                "--effect-sha256", effect, "--base-fingerprint", base, "--comment", "reviewed in a terminal", "--json");
        assertThat(approved.exitCode()).as(approved.stderr()).isZero();
        assertThat(AgentWorld.JSON.readTree(approved.stdout()).path("id").asText()).isEqualTo(id);
        awaitState(id, "APPLIED");
        assertThat(column("approved_from_cli")).isTrue();
        JsonNode approvals = world.get("/api/changes/" + id, AgentWorld.ALICE).path("approvals");
        assertThat(approvals.findValuesAsText("comment")).containsExactly("reviewed in a terminal");
    }

    @Test
    void inATerminalApprovalShowsTheChangeAndTakesItsHashesOnlyWhenConfirmed() throws Exception {
        JsonNode change = fileChange("ALTER TABLE notes ADD COLUMN confirmed_in_terminal text", "confirmed_in_terminal");
        String id = change.path("id").asText();
        Map<String, String> alice = Map.of("AIRLOCK_API_URL", "http://127.0.0.1:" + world.controlPlane.httpPort(),
                "AIRLOCK_TOKEN", AgentWorld.ALICE);

        AirlockProcess declined = AirlockProcess.runInTerminal(workDir, alice, "no\n", "changes", "approve", id);
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.stdout()).contains("  | ALTER TABLE notes ADD COLUMN confirmed_in_terminal text")
                .contains(change.path("effectSha256").asText()).contains("Type 'approve' to confirm");
        assertThat(state(id)).isEqualTo("PENDING");

        AirlockProcess confirmed = AirlockProcess.runInTerminal(workDir, alice, "approve\n", "changes", "approve", id);
        assertThat(confirmed.exitCode()).as(confirmed.stdout()).isZero();
        awaitState(id, "APPLIED");
        assertThat(column("confirmed_in_terminal")).isTrue();
    }

    @Test
    void aRejectedChangeCannotBeRejectedAgainOrApproved() throws Exception {
        JsonNode change = fileChange("ALTER TABLE notes ADD COLUMN rejected_from_cli text", "rejected_from_cli");
        String id = change.path("id").asText();

        AirlockProcess rejected = cli(AgentWorld.BOB, "changes", "reject", id, "--comment", "not this way");
        assertThat(rejected.exitCode()).as(rejected.stderr()).isZero();
        assertThat(rejected.stdout()).contains("REJECTED");
        assertThat(state(id)).isEqualTo("REJECTED");
        assertThat(cli(AgentWorld.BOB, "changes", "reject", id).exitCode()).isEqualTo(8);
        assertThat(cli(AgentWorld.ALICE, "changes", "approve", id, "--statements-sha256",
                change.path("statementsSha256").asText(), "--effect-sha256", change.path("effectSha256").asText(),
                "--base-fingerprint", change.path("baseFingerprint").asText()).exitCode()).isEqualTo(8);
        assertThat(column("rejected_from_cli")).isFalse();
    }

    @Test
    void aChangeThatNeedsApprovalAgainIsReopened() throws Exception {
        JsonNode change = fileChange("ALTER TABLE notes ADD COLUMN reopened_from_cli integer", "reopened_from_cli");
        String id = change.path("id").asText();
        world.production.execute(DATABASE, "ALTER TABLE notes ADD COLUMN reopened_from_cli text");
        assertThat(world.decide(change, "approve", AgentWorld.ALICE).statusCode()).isEqualTo(200);
        awaitState(id, "NEEDS_REAPPROVAL");

        AirlockProcess reopened = cli(AgentWorld.BOB, "changes", "reopen", id);
        assertThat(reopened.exitCode()).as(reopened.stderr()).isZero();
        assertThat(reopened.stdout()).contains("PENDING");
        JsonNode now = world.get("/api/changes/" + id, AgentWorld.ALICE);
        assertThat(now.path("state").asText()).isEqualTo("PENDING");
        assertThat(now.path("effectSha256").asText()).isNotEqualTo(change.path("effectSha256").asText());
        assertThat(cli(AgentWorld.BOB, "changes", "reopen", id).exitCode()).as("not in need of approval again").isEqualTo(8);
    }

    @Test
    void identitiesOfTheFourKindsAreListedWithoutSecrets() throws Exception {
        AirlockProcess json = cli(AgentWorld.ALICE, "identities", "list", "--json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode identities = AgentWorld.JSON.readTree(json.stdout());
        assertThat(identities.findValuesAsText("kind")).contains("application", "agent", "approver", "admin");
        assertThat(identities.findValuesAsText("name")).contains(TestAirlock.APPLICATION, AGENT, "alice", "bob", "dave");
        assertThat(json.stdout()).doesNotContain("SCRAM").doesNotContain("token").doesNotContain("verifier");

        AirlockProcess human = cli(AgentWorld.DAVE, "identities", "list");
        assertThat(human.exitCode()).isZero();
        assertThat(human.stdout()).containsPattern("agent\\s+robot\\s+owner=ops").containsPattern("approver\\s+bob\\s+groups=dba");
    }

    @Test
    void tasksAndAgentsAreManagedWithTheirExitCodes() throws Exception {
        AirlockProcess started = cli(AgentWorld.DAVE, "tasks", "start", "--agent", AGENT, "--intent", "tidy from the CLI",
                "--ttl", "10min", "--read-schema", "public", "--json");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        JsonNode task = AgentWorld.JSON.readTree(started.stdout());
        String taskId = task.path("id").asText();
        assertThat(task.path("jdbcUrl").asText()).startsWith("jdbc:postgresql://");

        AirlockProcess open = cli(AgentWorld.ALICE, "tasks", "list", "--open", "--json");
        assertThat(AgentWorld.JSON.readTree(open.stdout()).findValuesAsText("id")).contains(taskId);
        AirlockProcess shown = cli(AgentWorld.ALICE, "tasks", "show", taskId);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.stdout()).contains(taskId).contains("RUNNING").contains("tidy from the CLI");
        assertThat(cli(AgentWorld.ALICE, "tasks", "end", taskId).exitCode()).as("approvers do not end tasks").isEqualTo(6);
        assertThat(cli(AgentWorld.DAVE, "tasks", "show", "task_" + "0".repeat(24)).exitCode()).isEqualTo(7);

        AirlockProcess ended = cli(AgentWorld.DAVE, "tasks", "end", taskId, "--reason", "done from the CLI");
        assertThat(ended.exitCode()).as(ended.stderr()).isZero();
        assertThat(world.get("/api/tasks/" + taskId, AgentWorld.DAVE).path("state").asText()).isEqualTo("ENDED");
        assertThat(cli(AgentWorld.DAVE, "tasks", "end", taskId).exitCode()).as("already ended").isEqualTo(8);

        AirlockProcess agents = cli(AgentWorld.ALICE, "agents", "list");
        assertThat(agents.exitCode()).isZero();
        assertThat(agents.stdout()).contains(AGENT).contains("owner=ops");
        assertThat(cli(AgentWorld.DAVE, "agents", "disable", "nobody").exitCode()).isEqualTo(7);
    }

    private static void awaitState(String id, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> seen = new ArrayList<>();
        String now = state(id);
        while (!now.equals(wanted) && System.nanoTime() < deadline) {
            seen.add(now);
            Thread.sleep(100);
            now = state(id);
        }
        assertThat(now).as("states seen: %s", seen).isEqualTo(wanted);
    }
}
