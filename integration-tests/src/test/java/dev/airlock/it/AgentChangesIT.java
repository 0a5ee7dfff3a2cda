package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.audit.AuditExporter;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import dev.airlock.approver.ControlPlaneSettings;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.ApproverTokens;
import dev.airlock.approver.approval.QuorumPolicy;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.replay.ChangeCredential;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.proxy.agent.ControlPlaneChanges;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.ScramVerifier;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.server.SandboxSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * An agent's change end to end: held in the sandbox, filed PENDING with its diff, approved over
 * REST with the hashes the reviewer saw, replayed on production, and the agent's statement
 * answered per hold mode; rejected changes, ROLLBACK and sandbox errors file nothing on production.
 */
class AgentChangesIT {
    private static final String DATABASE = "agentdb";
    private static final String CHANGE_ROLE = "airlock_change";
    private static final String CHANGE_PASSWORD = "change-secret";
    private static final String AGENT = "robot";
    private static final String AGENT_PASSWORD = "robot-secret";
    private static final String ALICE = "alice-token";
    private static final String BOB = "bob-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestProduction production;
    private static EmbeddedServer sandbox;
    private static ControlPlane controlPlane;
    private static TestAirlock airlock;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static StoreSettings store;

    @BeforeAll
    static void start() throws Exception {
        production = TestProduction.get();
        production.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + CHANGE_ROLE
                + "') THEN CREATE ROLE " + CHANGE_ROLE + " LOGIN PASSWORD '" + CHANGE_PASSWORD + "'; END IF; END $$");
        production.execute("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        production.execute("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + CHANGE_ROLE);
        production.execute(DATABASE, "SET ROLE " + CHANGE_ROLE + "; CREATE TABLE notes (id int PRIMARY KEY, body text);"
                + " INSERT INTO notes VALUES (1, 'first'); GRANT USAGE ON SCHEMA public TO " + TestProduction.READONLY_ROLE
                + "; GRANT SELECT ON notes TO " + TestProduction.READONLY_ROLE + "; RESET ROLE;"
                + " REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE TEMPORARY ON DATABASE " + DATABASE + " FROM PUBLIC");
        sandbox = EmbeddedServer.start("it-sandbox", Map.of());
        store = new StoreSettings.H2(Files.createTempDirectory("airlock-it-store").resolve("store"));
        controlPlane = new ControlPlane(new ControlPlaneSettings(store,
                SandboxSettings.embedded(sandbox, CHANGE_ROLE),
                new ProductionSettings(production.server().jdbcUrl(DATABASE), TestProduction.READONLY_ROLE,
                        TestProduction.READONLY_PASSWORD),
                new ChangeCredential(CHANGE_ROLE, CHANGE_PASSWORD),
                List.of(new Approver("alice", ApproverTokens.hash(ALICE)), new Approver("bob", ApproverTokens.hash(BOB))),
                QuorumPolicy.defaults(), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(20),
                "127.0.0.1", 0, URI.create("http://airlock.test"), Duration.ofMillis(200)));
        Identity agent = Identity.agent(AGENT, ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()),
                "task-1", HoldMode.NOTICE);
        airlock = TestAirlock.start(DATABASE, Map.of(), List.of(agent), new ControlPlaneLink(
                Optional.of(new ControlPlaneChanges(controlPlane)), Optional.of(controlPlane.auditSink())));
        controlPlane.addAppliedListener(id -> airlock.server().refreshCatalog());
    }

    @AfterAll
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void agentTransactionIsHeldApprovedAndAppliedOnProductionWhileTheAgentWaits() throws Exception {
        try (Connection agent = connectAgent()) {
            agent.createStatement().execute("SET airlock.hold_mode = wait");
            agent.setAutoCommit(false);
            try (Statement statement = agent.createStatement()) {
                assertThat(statement.executeUpdate("CREATE TABLE agent_made (id int PRIMARY KEY, note text)")).isZero();
                statement.executeUpdate("GRANT SELECT ON agent_made TO " + TestProduction.READONLY_ROLE);
            }
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    agent.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            JsonNode change = awaitPending("agent_made");
            assertThat(commit).isNotDone();
            assertThat(change.path("statements")).hasSize(2);
            assertThat(change.path("statements").get(0).path("sql").asText())
                    .isEqualTo("CREATE TABLE agent_made (id int PRIMARY KEY, note text)");
            assertThat(change.path("diff").path("unified").toString()).contains("agent_made");
            assertThat(change.path("diff").path("access").toString()).contains(TestProduction.READONLY_ROLE);
            assertThat(tableExists("agent_made")).as("on production before approval").isFalse();

            approveUntilApplied(change);
            commit.get(30, TimeUnit.SECONDS);

            assertThat(tableExists("agent_made")).isTrue();
            assertThat(production.queryValue(DATABASE, "SELECT has_table_privilege('" + TestProduction.READONLY_ROLE
                    + "', 'public.agent_made', 'SELECT')")).isEqualTo("t");
            assertThat(production.queryValue(DATABASE, "SELECT tableowner FROM pg_tables WHERE tablename = 'agent_made'"))
                    .isEqualTo(CHANGE_ROLE);
            assertThat(production.queryValue("pagila", "SELECT count(*) FROM pg_tables WHERE tablename = 'agent_made'"))
                    .as("nowhere else on the production server").isEqualTo("0");
        }
    }

    @Test
    void noticeModeAnswersWithTheSandboxResultAndNamesTheChange() throws Exception {
        try (Connection agent = connectAgent(); PreparedStatement insert = agent.prepareStatement(
                "INSERT INTO notes (id, body) VALUES (?, ?)")) {
            insert.setInt(1, 42);
            insert.setString(2, "from the agent, with ünïcode");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            SQLWarning warning = insert.getWarnings();
            assertThat(warning == null ? null : warning.getMessage()).contains("holding this change for review");

            JsonNode change = awaitPending("INSERT INTO notes");
            assertThat(change.path("statements").get(0).path("parameters")).hasSize(2);
            assertThat(change.path("statements").get(0).path("parameters").get(1).path("text").asText())
                    .isEqualTo("from the agent, with ünïcode");
            assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM notes WHERE id = 42")).isEqualTo("0");
            List<String> firstRow = Rows.query(agent, "SELECT body FROM notes WHERE id = 1").get(1);
            assertThat(firstRow).containsExactly("first");
        }
    }

    @Test
    void errorModeFilesTheChangeAndFailsTheStatement() throws Exception {
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            statement.execute("SET airlock.hold_mode TO 'error'");
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE notes SET body = 'error mode' WHERE id = 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("ZA001"));
            assertThat(awaitPending("error mode").path("state").asText()).isEqualTo("PENDING");
            assertThat(production.queryValue(DATABASE, "SELECT body FROM notes WHERE id = 1")).isEqualTo("first");
        }
    }

    @Test
    void rejectionReachesTheWaitingAgent() throws Exception {
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            statement.execute("SET airlock.hold_mode = wait");
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> {
                try {
                    return statement.executeUpdate("DELETE FROM notes WHERE body = 'to be rejected'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode change = awaitPending("to be rejected");
            HttpResponse<String> rejected = decide(change, "reject", ALICE);
            assertThat(rejected.statusCode()).isEqualTo(200);

            assertThatThrownBy(() -> delete.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(PSQLException.class)
                    .rootCause().satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("ZA002"));
            assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM notes")).isNotEqualTo("0");
        }
    }

    @Test
    void rollbackFilesNothing() throws Exception {
        int before = changes().size();
        try (Connection agent = connectAgent()) {
            agent.setAutoCommit(false);
            agent.createStatement().executeUpdate("INSERT INTO notes VALUES (7, 'rolled back')");
            agent.rollback();
            agent.setAutoCommit(true);
            List<String> row = Rows.query(agent, "SELECT count(*) FROM notes WHERE id = 7").get(1);
            assertThat(row).containsExactly("0");
        }
        Thread.sleep(500);
        assertThat(changes()).hasSize(before);
    }

    @Test
    void aTransactionSentAsOneQueryFilesWhatIsBetweenBeginAndCommit() throws Exception {
        try (Connection agent = airlock.connectAs(AGENT, AGENT_PASSWORD, "preferQueryMode=simple");
             Statement statement = agent.createStatement()) {
            statement.execute("BEGIN; UPDATE notes SET body = 'wrapped in one query' WHERE id = 1; COMMIT");
            assertThat(statement.getWarnings().getMessage()).contains("holding this change for review");
        }
        JsonNode change = awaitPending("wrapped in one query");
        assertThat(change.path("statements")).hasSize(1);
        assertThat(change.path("statements").get(0).path("sql").asText())
                .isEqualTo("UPDATE notes SET body = 'wrapped in one query' WHERE id = 1");
    }

    @Test
    void commitOfAFailedTransactionFilesNothing() throws Exception {
        int before = changes().size();
        try (Connection agent = connectAgent()) {
            agent.setAutoCommit(false);
            agent.createStatement().executeUpdate("INSERT INTO notes VALUES (9, 'never filed')");
            assertThatThrownBy(() -> agent.createStatement().executeQuery("SELECT 1 / 0"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            agent.commit(); // PostgreSQL answers ROLLBACK; pgjdbc says nothing unless raiseExceptionOnSilentRollback
            agent.setAutoCommit(true);
            List<String> row = Rows.query(agent, "SELECT 1").get(1);
            assertThat(row).containsExactly("1");
        }
        Thread.sleep(500);
        assertThat(changes()).hasSize(before);
    }

    @Test
    void aChangeTheSandboxRejectsGetsPostgresqlsErrorAndFilesNothing() throws Exception {
        int before = changes().size();
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE notes (id int)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P07"));
            List<String> row = Rows.query(agent, "SELECT 1").get(1);
            assertThat(row).containsExactly("1");
        }
        assertThat(changes()).hasSize(before);
    }

    @Test
    void applicationsStayReadOnlyBesideAgents() throws SQLException {
        try (Connection application = airlock.connect(); Statement statement = application.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO notes VALUES (8, 'app')"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void authenticationsStatementsAndDecisionsAreOnTheAuditChainWithoutLiterals() throws Exception {
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            statement.executeQuery("SELECT body FROM notes WHERE body <> 'audit-secret-literal'").close();
        }
        try (AuditTable table = AuditTable.open(store)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String exported = export(table);
            while (!exported.contains("body <> ?") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                exported = export(table);
            }
            assertThat(exported).as("the statement on the audit chain").contains("\"STATEMENT\"").contains(AGENT)
                    .contains("body <> ?").contains("READ").doesNotContain("audit-secret-literal").contains("\"AUTHENTICATION\"");
            assertThat(new AuditVerifier(table).verify()).isInstanceOf(AuditVerdict.Intact.class);
        }
    }

    private static String export(AuditTable table) {
        java.io.StringWriter out = new java.io.StringWriter();
        new AuditExporter(table).export(out);
        return out.toString();
    }

    private static Connection connectAgent() throws SQLException {
        return airlock.connectAs(AGENT, AGENT_PASSWORD, "");
    }

    private static boolean tableExists(String table) {
        return "1".equals(production.queryValue(DATABASE, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'"));
    }

    /** The PENDING change whose first statement contains {@code text}, once it is filed. */
    private static JsonNode awaitPending(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode summary : changes()) {
                if (summary.path("state").asText().equals("PENDING") && summary.path("firstStatement").asText().contains(text)) {
                    return get("/api/changes/" + summary.path("id").asText(), ALICE);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no PENDING change containing '" + text + "' within 30 s; changes: " + changes());
    }

    private static void approveUntilApplied(JsonNode change) throws Exception {
        assertThat(decide(change, "approve", ALICE).statusCode()).isEqualTo(200);
        JsonNode now = get("/api/changes/" + change.path("id").asText(), ALICE);
        if (now.path("state").asText().equals("PENDING")) {
            assertThat(decide(change, "approve", BOB).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> decide(JsonNode change, String decision, String token) throws Exception {
        String body = JSON.writeValueAsString(Map.of("statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(), "baseFingerprint",
                change.path("baseFingerprint").asText(), "comment", "decided by AgentChangesIT"));
        HttpRequest request = HttpRequest.newBuilder(api("/api/changes/" + change.path("id").asText() + "/" + decision))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> changes() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        get("/api/changes", ALICE).forEach(all::add);
        return all;
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + controlPlane.httpPort() + path);
    }
}
