package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.api.BearerTokens;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock serve} killed with SIGKILL while one change is PENDING and another is EXECUTING
 * (its replay blocked on a lock on production), then started again on the same store: the
 * EXECUTING change is decided from production's marker, applied at most once and never sent
 * again; the PENDING change still waits and can be approved and applied; the audit chain verifies.
 */
class KillRecoveryIT {
    private static final String DATABASE = "kill_recovery";
    private static final String AGENT_PASSWORD = "kill-agent-secret";
    private static final String TOKEN = "kill-alice-token";
    private static final Pattern PROXY_PORT = Pattern.compile("Airlock listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern API_PORT = Pattern.compile("review API listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int apiPort;

    @Test
    void afterAKillTheExecutingChangeIsDecidedFromProductionAndThePendingOneStillWaits() throws Exception {
        TestProduction production = AgentWorld.prepareProduction(DATABASE);
        production.execute(DATABASE, "SET ROLE " + AgentWorld.CHANGE_ROLE + "; CREATE TABLE slow (note text);"
                + " GRANT SELECT ON slow TO " + TestProduction.READONLY_ROLE);
        Map<String, String> environment = Map.of("KILL_RO_PASSWORD", TestProduction.READONLY_PASSWORD,
                "KILL_CHANGE_PASSWORD", AgentWorld.CHANGE_PASSWORD);
        try (EmbeddedServer sandbox = EmbeddedServer.start("kill-sandbox", Map.of())) {
            Path config = config(production, sandbox);
            String pendingId;
            String executingId;
            try (AirlockProcess first = AirlockProcess.start(workDir, environment, "", "serve", "--config", config.toString());
                 Connection locker = production.superuserConnection(DATABASE)) {
                int port = Integer.parseInt(first.awaitLog(PROXY_PORT, Duration.ofMinutes(2)));
                apiPort = Integer.parseInt(first.awaitLog(API_PORT, Duration.ofSeconds(30)));
                try (Connection agent = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE
                        + "?user=robot&password=" + AGENT_PASSWORD); Statement statement = agent.createStatement()) {
                    statement.execute("ALTER TABLE notes ADD COLUMN waits_for_review text");
                    statement.execute("INSERT INTO slow VALUES ('replayed')");
                }
                pendingId = idOf("waits_for_review");
                executingId = idOf("INSERT INTO slow");
                locker.setAutoCommit(false);
                locker.createStatement().execute("LOCK TABLE slow IN ACCESS EXCLUSIVE MODE");
                assertThat(approve(executingId).statusCode()).isEqualTo(200);
                awaitState(executingId, Set.of("EXECUTING"));
                awaitBlockedReplay(production);

                first.handle().destroyForcibly();
                first.handle().onExit().get();
                locker.rollback();
            }

            try (AirlockProcess second = AirlockProcess.start(workDir, environment, "", "serve", "--config", config.toString())) {
                second.awaitLog(PROXY_PORT, Duration.ofMinutes(2));
                apiPort = Integer.parseInt(second.awaitLog(API_PORT, Duration.ofSeconds(30)));
                String decided = awaitState(executingId, Set.of("APPLIED", "FAILED"));
                Thread.sleep(2_000);
                String rows = production.queryValue(DATABASE, "SELECT count(*) FROM slow");
                String markers = production.queryValue(DATABASE, "SELECT count(*) FROM airlock.applied_changes"
                        + " WHERE change_id = '" + executingId + "' AND outcome = 'applied'");
                assertThat(rows).as("never sent twice").isIn("0", "1");
                assertThat(rows).as("%s agrees with production's rows", decided).isEqualTo(decided.equals("APPLIED") ? "1" : "0");
                assertThat(markers).isEqualTo(rows);
                System.out.println("after the kill, the change that was EXECUTING was decided " + decided + " from production");

                assertThat(state(pendingId)).isEqualTo("PENDING");
                assertThat(approve(pendingId).statusCode()).isEqualTo(200);
                awaitState(pendingId, Set.of("APPLIED"));
                assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                        + " WHERE table_name = 'notes' AND column_name = 'waits_for_review'")).isEqualTo("1");

                new ProcessBuilder("kill", "-TERM", Long.toString(second.handle().pid())).start().waitFor();
                second.awaitExit(Duration.ofSeconds(60));
            }
            AirlockProcess verify = AirlockProcess.run(workDir, environment, "", "audit", "verify", "--config", config.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("audit chain intact");
        }
    }

    private Path config(TestProduction production, EmbeddedServer sandbox) throws Exception {
        String verifier = ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()).format();
        Path file = workDir.resolve("airlock.yaml");
        Files.writeString(file, String.join("\n", List.of(
                "listen:", "  host: 127.0.0.1", "  port: 0",
                "production:", "  host: " + production.host(), "  port: " + production.port(), "  database: " + DATABASE,
                "  readonly_user: " + TestProduction.READONLY_ROLE, "  readonly_password: env:KILL_RO_PASSWORD",
                "  sslmode: disable", "  change_user: " + AgentWorld.CHANGE_ROLE, "  change_password: env:KILL_CHANGE_PASSWORD",
                "sandbox:", "  host: " + sandbox.host(), "  port: " + sandbox.port(), "  admin_user: " + EmbeddedServer.SUPERUSER,
                "store:", "  h2_file: " + workDir.resolve("store"),
                "api:", "  host: 127.0.0.1", "  port: 0",
                "replay:", "  lock_timeout: 2min",
                "log:", "  statements_file: " + workDir.resolve("statements.log"),
                "identities:", "  - name: robot", "    kind: agent", "    password_verifier: \"" + verifier + "\"",
                "    task: kill-task", "    scope:", "      read_schemas: [public]", "      change_tables: [\"public.*\"]",
                "      statement_kinds: [dml_change, ddl_change]",
                "approvers:", "  - name: alice", "    token_sha256: " + BearerTokens.hash(TOKEN), "")), StandardCharsets.UTF_8);
        return file;
    }

    private String idOf(String statementPart) throws Exception {
        for (JsonNode change : get("/api/changes?state=pending")) {
            if (change.path("firstStatement").asText().contains(statementPart)) {
                return change.path("id").asText();
            }
        }
        throw new AssertionError("no pending change with " + statementPart);
    }

    private HttpResponse<String> approve(String id) throws Exception {
        JsonNode change = get("/api/changes/" + id);
        String body = AgentWorld.JSON.writeValueAsString(Map.of("statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(), "baseFingerprint", change.path("baseFingerprint").asText()));
        return http.send(HttpRequest.newBuilder(api("/api/changes/" + id + "/approve")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String state(String id) throws Exception {
        return get("/api/changes/" + id).path("state").asText();
    }

    private String awaitState(String id, Set<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String now = state(id);
        while (!wanted.contains(now) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = state(id);
        }
        assertThat(now).as("change %s: %s", id, get("/api/changes/" + id).path("history")).isIn(wanted);
        return now;
    }

    /** Waits until the replay's statement waits for the lock on production. */
    private static void awaitBlockedReplay(TestProduction production) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + AgentWorld.CHANGE_ROLE
                + "' AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO slow%'";
        while (!"1".equals(production.queryValue(DATABASE, sql))) {
            assertThat(System.nanoTime()).as("the replay never blocked on the lock").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AgentWorld.JSON.readTree(response.body());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }
}
