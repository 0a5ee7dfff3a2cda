package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.audit.AuditExporter;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
    private static final String AGENT = "robot";
    private static final String AGENT_PASSWORD = "robot-secret";
    private static final String ALICE = AgentWorld.ALICE;
    private static final String BOB = AgentWorld.BOB;
    /** The agent's standing task may read and propose any change in schema public. */
    private static final TaskFacts.Scope SCOPE = new TaskFacts.Scope(List.of("public"), List.of(), List.of("public.*"),
            List.of("dml_change", "ddl_change", "dcl_change"));

    private static AgentWorld world;
    private static TestProduction production;
    private static TestAirlock airlock;

    @BeforeAll
    static void start() throws Exception {
        Identity agent = new Identity(AGENT, IdentityKind.AGENT,
                ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()), "ops",
                new TaskFacts("task-1", "", SCOPE), HoldMode.NOTICE, false);
        world = AgentWorld.start(DATABASE, List.of(agent), Optional.empty());
        production = world.production;
        airlock = world.airlock;
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
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

            JsonNode change = world.awaitPending("agent_made");
            assertThat(commit).isNotDone();
            assertThat(change.path("statements")).hasSize(2);
            assertThat(change.path("statements").get(0).path("sql").asText())
                    .isEqualTo("CREATE TABLE agent_made (id int PRIMARY KEY, note text)");
            assertThat(change.path("diff").path("unified").toString()).contains("agent_made");
            assertThat(change.path("diff").path("access").toString()).contains(TestProduction.READONLY_ROLE);
            assertThat(world.tableExists("agent_made")).as("on production before approval").isFalse();

            world.approveUntilApplied(change);
            commit.get(30, TimeUnit.SECONDS);

            assertThat(world.tableExists("agent_made")).isTrue();
            assertThat(production.queryValue(DATABASE, "SELECT has_table_privilege('" + TestProduction.READONLY_ROLE
                    + "', 'public.agent_made', 'SELECT')")).isEqualTo("t");
            assertThat(production.queryValue(DATABASE, "SELECT tableowner FROM pg_tables WHERE tablename = 'agent_made'"))
                    .isEqualTo(AgentWorld.CHANGE_ROLE);
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

            JsonNode change = world.awaitPending("INSERT INTO notes");
            assertThat(change.path("statements").get(0).path("parameters")).hasSize(2);
            assertThat(change.path("statements").get(0).path("parameters").get(1).path("text").asText())
                    .isEqualTo("from the agent, with ünïcode");
            assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM notes WHERE id = 42")).isEqualTo("0");
            List<String> firstRow = Rows.query(agent, "SELECT body FROM notes WHERE id = 1").get(1);
            assertThat(firstRow).containsExactly("first");
        }
    }

    @Test
    void aGrantToPublicNeedsTwoApproversFromTheGroupThePolicyNames() throws Exception {
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            statement.execute("GRANT SELECT ON notes TO PUBLIC");
        }
        JsonNode change = world.awaitPending("TO PUBLIC");
        assertThat(change.path("approvalsRequired").asInt()).isEqualTo(2);
        assertThat(change.path("approverGroup").asText()).isEqualTo("dba");
        assertThat(change.path("approvalRule").asText()).isEqualTo("dcl-touching-public-or-roles");

        HttpResponse<String> outsider = world.decide(change, "approve", ALICE);
        assertThat(outsider.statusCode()).as(outsider.body()).isEqualTo(403);
        assertThat(outsider.body()).contains("dba");
        assertThat(world.decide(change, "approve", BOB).statusCode()).isEqualTo(200);
        String id = change.path("id").asText();
        assertThat(world.get("/api/changes/" + id, ALICE).path("state").asText()).as("one of two").isEqualTo("PENDING");
        assertThat(world.decide(change, "reject", AgentWorld.CAROL).statusCode()).isEqualTo(200);
        assertThat(production.queryValue(DATABASE, "SELECT has_table_privilege('public', 'notes', 'SELECT')"))
                .as("PUBLIC never got SELECT on production").isEqualTo("f");
    }

    @Test
    void errorModeFilesTheChangeAndFailsTheStatement() throws Exception {
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            statement.execute("SET airlock.hold_mode TO 'error'");
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE notes SET body = 'error mode' WHERE id = 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("ZA001"));
            assertThat(world.awaitPending("error mode").path("state").asText()).isEqualTo("PENDING");
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
            JsonNode change = world.awaitPending("to be rejected");
            HttpResponse<String> rejected = world.decide(change, "reject", ALICE);
            assertThat(rejected.statusCode()).isEqualTo(200);

            assertThatThrownBy(() -> delete.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(PSQLException.class)
                    .rootCause().satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("ZA002"));
            assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM notes")).isNotEqualTo("0");
        }
    }

    @Test
    void rollbackFilesNothing() throws Exception {
        int before = world.changes().size();
        try (Connection agent = connectAgent()) {
            agent.setAutoCommit(false);
            agent.createStatement().executeUpdate("INSERT INTO notes VALUES (7, 'rolled back')");
            agent.rollback();
            agent.setAutoCommit(true);
            List<String> row = Rows.query(agent, "SELECT count(*) FROM notes WHERE id = 7").get(1);
            assertThat(row).containsExactly("0");
        }
        Thread.sleep(500);
        assertThat(world.changes()).hasSize(before);
    }

    @Test
    void aTransactionSentAsOneQueryFilesWhatIsBetweenBeginAndCommit() throws Exception {
        try (Connection agent = airlock.connectAs(AGENT, AGENT_PASSWORD, "preferQueryMode=simple");
             Statement statement = agent.createStatement()) {
            statement.execute("BEGIN; UPDATE notes SET body = 'wrapped in one query' WHERE id = 1; COMMIT");
            assertThat(statement.getWarnings().getMessage()).contains("holding this change for review");
        }
        JsonNode change = world.awaitPending("wrapped in one query");
        assertThat(change.path("statements")).hasSize(1);
        assertThat(change.path("statements").get(0).path("sql").asText())
                .isEqualTo("UPDATE notes SET body = 'wrapped in one query' WHERE id = 1");
    }

    @Test
    void commitOfAFailedTransactionFilesNothing() throws Exception {
        int before = world.changes().size();
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
        assertThat(world.changes()).hasSize(before);
    }

    @Test
    void aChangeTheSandboxRejectsGetsPostgresqlsErrorAndFilesNothing() throws Exception {
        int before = world.changes().size();
        try (Connection agent = connectAgent(); Statement statement = agent.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE notes (id int)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P07"));
            List<String> row = Rows.query(agent, "SELECT 1").get(1);
            assertThat(row).containsExactly("1");
        }
        assertThat(world.changes()).hasSize(before);
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
        try (AuditTable table = AuditTable.open(world.store)) {
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

    @Test
    void aPreparedStatementIsOnTheAuditChainOnceForEachTimeItRuns() throws Exception {
        try (Connection application = airlock.connect();
             PreparedStatement select = application.prepareStatement("SELECT ?::int AS ran_eight_times")) {
            for (int i = 1; i <= 8; i++) { // pgjdbc re-parses the first four times, then binds a named statement
                select.setInt(1, i);
                select.executeQuery().close();
            }
        }
        try (AuditTable table = AuditTable.open(world.store)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (runs(table, "ran_eight_times") < 8 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(300);
            assertThat(runs(table, "ran_eight_times")).isEqualTo(8);
        }
    }

    private static long runs(AuditTable table, String marker) {
        return export(table).lines().filter(line -> line.contains("\"STATEMENT\"") && line.contains(marker)).count();
    }

    private static String export(AuditTable table) {
        java.io.StringWriter out = new java.io.StringWriter();
        new AuditExporter(table).export(out);
        return out.toString();
    }

    private static Connection connectAgent() throws SQLException {
        return airlock.connectAs(AGENT, AGENT_PASSWORD, "");
    }
}
