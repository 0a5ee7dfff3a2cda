package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.audit.AuditExporter;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.sandbox.task.TaskSandboxes;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Tasks end to end: an admin starts a task over REST, the agent connects with the JDBC URL it got
 * back (once), acts within its scope (reads pass, changes are held) and outside it (denied, the
 * policy rule named); ending the task, its TTL running out, or disabling its agent terminates its
 * open sessions (57P01), refuses its credential (28P01), drops its sandbox and cancels its pending
 * changes. Every check of an effect is made on the servers themselves.
 */
class AgentTasksIT {
    private static final String DATABASE = "tasksdb";
    private static final String AGENT = "scout";
    private static final String DAVE = AgentWorld.DAVE;

    private static AgentWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = AgentWorld.start(DATABASE, List.of(new Identity(AGENT, IdentityKind.AGENT, null, "ops@airlock.test",
                null, HoldMode.NOTICE, false)), Optional.empty());
        world.production.execute(DATABASE, "SET ROLE " + AgentWorld.CHANGE_ROLE + "; CREATE SCHEMA hr;"
                + " CREATE TABLE hr.salaries (id int, amount int); INSERT INTO hr.salaries VALUES (1, 100);"
                + " GRANT USAGE ON SCHEMA hr TO " + TestProduction.READONLY_ROLE + "; GRANT SELECT ON hr.salaries TO "
                + TestProduction.READONLY_ROLE + "; RESET ROLE");
        world.airlock.server().refreshCatalog();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aTaskReadsAndProposesWithinItsScopeAndIsDeniedOutsideItWithTheRuleNamed() throws Exception {
        JsonNode task = startTask("add a note column to notes", 600);
        assertThat(task.path("user").asText()).startsWith("task_");
        assertThat(task.path("password").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(task.path("jdbcUrl").asText()).contains("user=" + task.path("user").asText());

        try (Connection agent = DriverManager.getConnection(task.path("jdbcUrl").asText());
             Statement statement = agent.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("first");
            }
            assertRefused(() -> statement.executeQuery("SELECT amount FROM hr.salaries"), "42501",
                    "agent-read-out-of-scope");
            assertThat(statement.executeUpdate("ALTER TABLE notes ADD COLUMN scout_note text")).isZero();
            assertRefused(() -> statement.executeUpdate("CREATE TABLE public.scout_private (id int)"), "42501",
                    "agent-change-out-of-scope");
            assertRefused(() -> statement.executeUpdate("UPDATE notes SET body = 'x'"), "42501",
                    "agent-change-out-of-scope");
        }

        JsonNode held = world.awaitPending("scout_note");
        assertThat(held.path("taskId").asText()).isEqualTo(task.path("id").asText());
        assertThat(held.path("agent").asText()).isEqualTo(AGENT);
        assertThat(world.production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = 'scout_note'")).as("held, not applied").isEqualTo("0");
        assertThat(world.tableExists("scout_private")).isFalse();
        assertThat(world.production.queryValue(DATABASE, "SELECT string_agg(body, ',') FROM notes")).isEqualTo("first");
        assertThat(world.changes()).noneMatch(change -> change.path("firstStatement").asText().contains("scout_private")
                || change.path("firstStatement").asText().contains("UPDATE notes"));

        String audit = awaitAudit("agent-change-out-of-scope");
        assertThat(audit).contains("agent-read-in-scope").contains("agent-read-out-of-scope").contains("\"TASK\"")
                .doesNotContain(task.path("password").asText());
        JsonNode stored = world.get("/api/tasks/" + task.path("id").asText(), AgentWorld.ALICE);
        assertThat(stored.has("password")).isFalse();
        assertThat(stored.path("intent").asText()).isEqualTo("add a note column to notes");
    }

    @Test
    void endingATaskTerminatesItsSessionRefusesItsCredentialDropsItsSandboxAndCancelsItsChanges() throws Exception {
        JsonNode task = startTask("a task that will be ended", 600);
        String id = task.path("id").asText();
        try (Connection agent = DriverManager.getConnection(task.path("jdbcUrl").asText());
             Statement statement = agent.createStatement()) {
            statement.executeUpdate("ALTER TABLE notes ADD COLUMN doomed int");
            JsonNode held = world.awaitPending("doomed");
            assertThat(sandboxDatabaseExists(id)).isTrue();

            HttpResponse<String> ended = world.post("/api/tasks/" + id + "/end", DAVE, Map.of("reason", "work done"));

            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            assertTerminated(statement, "work done");
            assertThat(world.get("/api/changes/" + held.path("id").asText(), AgentWorld.ALICE).path("state").asText())
                    .isEqualTo("CANCELLED");
        }
        assertCredentialRefused(task);
        assertThat(sandboxDatabaseExists(id)).isFalse();
        assertThat(world.production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = 'doomed'")).isEqualTo("0");
        assertThat(world.post("/api/tasks/" + id + "/end", DAVE, Map.of()).statusCode()).isEqualTo(409);
    }

    @Test
    void aTaskWhoseTtlRunsOutEndsTheSameWay() throws Exception {
        JsonNode task = startTask("a short task", 2);
        try (Connection agent = DriverManager.getConnection(task.path("jdbcUrl").asText());
             Statement statement = agent.createStatement()) {
            statement.executeUpdate("ALTER TABLE notes ADD COLUMN short_lived int");
            JsonNode held = world.awaitPending("short_lived");
            awaitState("/api/tasks/" + task.path("id").asText(), "ENDED");
            assertTerminated(statement, "TTL");
            awaitState("/api/changes/" + held.path("id").asText(), "CANCELLED");
        }
        assertCredentialRefused(task);
        assertThat(sandboxDatabaseExists(task.path("id").asText())).isFalse();
    }

    @Test
    void disablingAnAgentEndsItsTasksAndNoneStartsUntilItIsEnabled() throws Exception {
        JsonNode task = startTask("a task of an agent about to be disabled", 600);
        try (Connection agent = DriverManager.getConnection(task.path("jdbcUrl").asText());
             Statement statement = agent.createStatement()) {
            statement.executeQuery("SELECT 1").close();
            assertThat(world.post("/api/agents/" + AGENT + "/disable", DAVE, Map.of("reason", "misbehaving"))
                    .statusCode()).isEqualTo(204);
            assertTerminated(statement, "misbehaving");
        }
        assertCredentialRefused(task);
        HttpResponse<String> refused = world.post("/api/tasks", DAVE, taskBody("another", 60));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("disabled");
        assertThat(world.post("/api/agents/" + AGENT + "/enable", DAVE, Map.of()).statusCode()).isEqualTo(204);
        assertThat(startTask("after enabling", 60).path("id").asText()).startsWith("task_");
    }

    @Test
    void twoTasksNeverShareACredentialAndOnlyAdminsStartThem() throws Exception {
        JsonNode first = startTask("first", 60);
        JsonNode second = startTask("second", 60);
        assertThat(first.path("user").asText()).isNotEqualTo(second.path("user").asText());
        assertThat(first.path("password").asText()).isNotEqualTo(second.path("password").asText());
        String crossed = second.path("jdbcUrl").asText().replace(second.path("password").asText(),
                first.path("password").asText());
        assertThatThrownBy(() -> DriverManager.getConnection(crossed).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));

        assertThat(world.post("/api/tasks", AgentWorld.ALICE, taskBody("by an approver", 60)).statusCode()).isEqualTo(401);
        HttpResponse<String> tooLong = world.post("/api/tasks", DAVE, taskBody("too long", 9 * 3600));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("ttl");
        HttpResponse<String> badScope = world.post("/api/tasks", DAVE, Map.of("agent", AGENT, "intent", "x",
                "scope", Map.of("changeTables", List.of("notes"))));
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(badScope.body()).contains("schema.table");
    }

    private static JsonNode startTask(String intent, long ttlSeconds) throws Exception {
        HttpResponse<String> answer = world.post("/api/tasks", DAVE, taskBody(intent, ttlSeconds));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return AgentWorld.JSON.readTree(answer.body());
    }

    private static Map<String, Object> taskBody(String intent, long ttlSeconds) {
        return Map.of("agent", AGENT, "intent", intent, "ttlSeconds", ttlSeconds, "scope", Map.of(
                "readSchemas", List.of("public"), "changeTables", List.of("public.notes"),
                "statementKinds", List.of("ddl_change")));
    }

    private static void assertRefused(ThrowingCall call, String sqlState, String rule) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(rule);
        });
    }

    /** The session's next statement meets the FATAL Airlock sent when the task ended. */
    private static void assertTerminated(Statement statement, String reason) {
        assertThatThrownBy(() -> statement.executeQuery("SELECT body FROM notes"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("57P01");
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    private static void assertCredentialRefused(JsonNode task) {
        assertThatThrownBy(() -> DriverManager.getConnection(task.path("jdbcUrl").asText()).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    /** Waits for the task or change at {@code path} to reach {@code state} (the TTL sweep ends tasks in the background). */
    private static void awaitState(String path, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!world.get(path, AgentWorld.ALICE).path("state").asText().equals(state)) {
            assertThat(System.nanoTime()).as(path + " reaches " + state + " within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean sandboxDatabaseExists(String taskId) throws SQLException {
        try (Connection connection = world.sandbox.superuserConnection("postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '"
                     + TaskSandboxes.databaseName(taskId) + "'")) {
            rows.next();
            return rows.getInt(1) == 1;
        }
    }

    private static String awaitAudit(String expected) throws Exception {
        try (AuditTable table = AuditTable.open(world.store)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String exported = export(table);
            while (!exported.contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                exported = export(table);
            }
            assertThat(new AuditVerifier(table).verify()).isInstanceOf(AuditVerdict.Intact.class);
            return exported;
        }
    }

    private static String export(AuditTable table) {
        StringWriter out = new StringWriter();
        new AuditExporter(table).export(out);
        return out.toString();
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
