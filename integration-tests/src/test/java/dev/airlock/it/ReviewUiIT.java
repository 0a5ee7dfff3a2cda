package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The reviewers' web UI in real headless Chromium against a real control plane and proxy: sign in
 * with a token, find the pending change in the queue, read its SQL and diff, approve it and see it
 * applied on production; approve a change that moved on (production drifted and the change was
 * recomputed) and see the conflict, with nothing approved; see one's own change without approval
 * buttons; end a task from the task view; search and verify the audit log. Screenshots of each step
 * land in {@code target/screenshots}.
 *
 * <p>The agent is named {@code carol}, like one of the approvers, so that carol's own change can be
 * looked at by carol.
 */
class ReviewUiIT {
    private static final String DATABASE = "review_ui";
    private static final String AGENT = "carol";
    private static final String AGENT_PASSWORD = "carol-agent-secret";
    private static final TaskFacts.Scope SCOPE = new TaskFacts.Scope(List.of("public"), List.of(), List.of("public.*"),
            List.of("dml_change", "ddl_change", "dcl_change"));

    private static AgentWorld world;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Identity agent = new Identity(AGENT, IdentityKind.AGENT,
                ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()), "ops",
                new TaskFacts("ui-task", "changes reviewed in the browser", SCOPE), HoldMode.NOTICE, false);
        world = AgentWorld.start(DATABASE, List.of(agent), Optional.empty());
        base = "http://127.0.0.1:" + world.controlPlane.httpPort();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    private static JsonNode fileChange(String sql, String marker) throws Exception {
        try (Connection connection = world.airlock.connectAs(AGENT, AGENT_PASSWORD, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return world.awaitPending(marker);
    }

    private static boolean columnOnProduction(String column) {
        return "1".equals(world.production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = '" + column + "'"));
    }

    @Test
    void aReviewerSignsInReadsThePendingChangeApprovesItAndSeesItApplied() throws Exception {
        JsonNode change = fileChange("ALTER TABLE notes ADD COLUMN reviewed_in_browser text", "reviewed_in_browser");
        String id = change.path("id").asText();
        assertThat(change.path("approvalsRequired").asInt()).as("one approval applies this change").isEqualTo(1);
        try (Browser browser = Browser.start()) {
            browser.open(base + "/changes/" + id);
            browser.find("#login");
            browser.screenshot("ui-01-sign-in");
            browser.type("#token", AgentWorld.ALICE);
            browser.click("#sign-in");
            assertThat(browser.awaitText("#whoami", "alice")).contains("approver");

            browser.click("a[data-section=changes]");
            assertThat(browser.awaitText("#changes", "reviewed_in_browser")).contains("PENDING");
            browser.screenshot("ui-02-queue");
            browser.click("tr[data-change='" + id + "'] a");

            assertThat(browser.awaitText("pre.sql", "reviewed_in_browser"))
                    .isEqualTo("ALTER TABLE notes ADD COLUMN reviewed_in_browser text");
            assertThat(browser.text("#diff")).contains("@@").contains("+").contains("reviewed_in_browser");
            assertThat(browser.text("#statements-sha256")).isEqualTo(change.path("statementsSha256").asText());
            assertThat(browser.text("#effect-sha256")).isEqualTo(change.path("effectSha256").asText());
            assertThat(browser.text("#base-fingerprint")).isEqualTo(change.path("baseFingerprint").asText());
            assertThat(browser.text("#request")).contains("changes reviewed in the browser")
                    .contains(AGENT).contains("ui-task").contains("agent-change-in-scope");
            assertThat(columnOnProduction("reviewed_in_browser")).as("before approval").isFalse();
            browser.screenshot("ui-03-change");

            browser.type("#comment", "read it in the browser; fine");
            browser.click("#approve");
            browser.awaitText("h1", "APPLIED");
            assertThat(browser.text("#history")).contains("APPLIED");
            browser.screenshot("ui-04-applied");
        }
        assertThat(columnOnProduction("reviewed_in_browser")).isTrue();
        JsonNode approvals = world.get("/api/changes/" + id, AgentWorld.ALICE).path("approvals");
        assertThat(approvals).hasSize(1);
        assertThat(approvals.get(0).path("approver").asText()).isEqualTo("alice");
        assertThat(approvals.get(0).path("comment").asText()).isEqualTo("read it in the browser; fine");
    }

    @Test
    void approvingAChangeThatMovedOnShowsTheConflictAndApprovesNothing() throws Exception {
        JsonNode shown = fileChange("ALTER TABLE notes ADD COLUMN moved_on integer", "moved_on");
        String id = shown.path("id").asText();
        try (Browser browser = Browser.start()) {
            browser.signIn(base, AgentWorld.ALICE);
            browser.open(base + "/changes/" + id);
            browser.awaitText("pre.sql", "moved_on");
            browser.find("#approve");

            // While the page is open, production drifts (someone adds the column by hand, as text);
            // bob's approval finds the drift, the effect is recomputed and differs, and bob reopens
            // the change with its new hashes.
            world.production.execute(DATABASE, "ALTER TABLE notes ADD COLUMN moved_on text");
            assertThat(world.decide(shown, "approve", AgentWorld.BOB).statusCode()).isEqualTo(200);
            awaitState(id, "NEEDS_REAPPROVAL");
            HttpResponse<String> reopened = world.post("/api/changes/" + id + "/reopen", AgentWorld.BOB, Map.of());
            assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
            JsonNode now = world.get("/api/changes/" + id, AgentWorld.ALICE);
            assertThat(now.path("state").asText()).isEqualTo("PENDING");
            assertThat(now.path("effectSha256").asText()).isNotEqualTo(shown.path("effectSha256").asText());
            browser.awaitText("#notices", "moved on");

            browser.type("#comment", "approving what I saw");
            browser.click("#approve");
            assertThat(browser.awaitText("#notices", "Conflict")).contains("Nothing was approved");
            browser.screenshot("ui-05-conflict");
        }
        JsonNode after = world.get("/api/changes/" + id, AgentWorld.ALICE);
        assertThat(after.path("state").asText()).isEqualTo("PENDING");
        assertThat(after.path("approvals").findValuesAsText("approver")).doesNotContain("alice");
        assertThat(world.production.queryValue(DATABASE, "SELECT data_type FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = 'moved_on'")).as("the drifted column, untouched").isEqualTo("text");
    }

    @Test
    void theRequesterSeesItsOwnChangeWithoutApprovalButtons() throws Exception {
        JsonNode change = fileChange("CREATE INDEX notes_own_idx ON notes (id)", "notes_own_idx");
        try (Browser browser = Browser.start()) {
            browser.signIn(base, AgentWorld.CAROL);
            browser.open(base + "/changes/" + change.path("id").asText());
            assertThat(browser.awaitText("#decision", "You asked for this change")).contains("another reviewer");
            assertThat(browser.present("#approve")).isFalse();
            assertThat(browser.present("#reject")).isFalse();
            browser.screenshot("ui-06-own-change");
        }
    }

    @Test
    void anAdminSeesATaskSessionAndEndsTheTask() throws Exception {
        HttpResponse<String> started = world.post("/api/tasks", AgentWorld.DAVE, Map.of("agent", AGENT, "intent",
                "tidy notes from the browser", "ttlSeconds", 600, "scope", Map.of("readSchemas", List.of("public"))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode task = AgentWorld.JSON.readTree(started.body());
        String taskId = task.path("id").asText();
        try (Connection session = DriverManager.getConnection(task.path("jdbcUrl").asText());
             Browser browser = Browser.start()) {
            session.createStatement().executeQuery("SELECT count(*) FROM notes").close();
            browser.signIn(base, AgentWorld.DAVE);
            browser.click("a[data-section=tasks]");
            String row = browser.awaitText("tr[data-task='" + taskId + "']", "tidy notes from the browser");
            assertThat(row).contains("idle").contains(AGENT);
            browser.screenshot("ui-07-tasks");
            browser.type("tr[data-task='" + taskId + "'] input", "done from the UI");
            browser.click("button[data-end='" + taskId + "']");
            awaitGone(browser, "tr[data-task='" + taskId + "']");
            assertThatThrownBy(() -> session.createStatement().executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class);
        }
        JsonNode ended = world.get("/api/tasks/" + taskId, AgentWorld.DAVE);
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        assertThat(ended.path("endReason").asText()).isEqualTo("done from the UI");
    }

    @Test
    void theAuditViewSearchesRecordsAndVerifiesTheChain() throws Exception {
        fileChange("CREATE INDEX notes_audit_idx ON notes (id)", "notes_audit_idx");
        try (Browser browser = Browser.start()) {
            browser.signIn(base, AgentWorld.ALICE);
            browser.click("a[data-section=audit]");
            browser.find("#records table");
            new Select(browser.find("#filter-kind")).selectByValue("CHANGE_TRANSITION");
            assertThat(browser.awaitText("#records", "CHANGE_TRANSITION")).doesNotContain("AUTHENTICATION");
            browser.click("#verify");
            assertThat(browser.awaitText("#verdict", "intact")).contains("records");
            browser.screenshot("ui-08-audit");
        }
    }

    private static void awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String now = "";
        while (System.nanoTime() < deadline && !now.equals(state)) {
            now = world.get("/api/changes/" + id, AgentWorld.ALICE).path("state").asText();
            Thread.sleep(100);
        }
        assertThat(now).isEqualTo(state);
    }

    private static void awaitGone(Browser browser, String css) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (browser.present(css) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(browser.present(css)).as(css + " still shown").isFalse();
    }
}
