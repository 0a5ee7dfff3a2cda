package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code airlock serve} processes sharing one PostgreSQL store behind one address (a TCP
 * balancer): the agent works on the first instance, the reviewer on the second. A change the agent
 * waits for on the first is approved on the second and the waiting statement completes; then the
 * first instance is killed, the agent reconnects through the same address to the second and goes
 * on. Every change is there exactly once, each is applied exactly once, and the audit chain that
 * both instances wrote verifies.
 */
class ScaleOutIT {
    private static final String DATABASE = "scale_out";

    @TempDir
    Path workDir;

    @Test
    void agentsOnOneInstanceReviewersOnAnotherAndAKilledInstancesSessionsMoveOn() throws Exception {
        TestProduction production = AgentWorld.prepareProduction(DATABASE);
        try (EmbeddedServer sandbox = EmbeddedServer.start("scale-sandbox", Map.of());
             EmbeddedServer storeServer = EmbeddedServer.start("scale-store", Map.of())) {
            storeServer.execute("postgres", "CREATE ROLE scale_store LOGIN PASSWORD '"
                    + ServeConfig.ENVIRONMENT.get("SERVE_STORE_PASSWORD") + "'");
            storeServer.execute("postgres", "CREATE DATABASE airlock_store OWNER scale_store");
            Path config = ServeConfig.write(workDir.resolve("airlock.yaml"), DATABASE, sandbox, List.of(
                    "kind: postgresql", "url: " + storeServer.jdbcUrl("airlock_store"), "user: scale_store",
                    "password: env:SERVE_STORE_PASSWORD"));
            try (AirlockProcess first = serve(config); AirlockProcess second = serve(config)) {
                int firstPort = Integer.parseInt(first.awaitLog(ServeConfig.PROXY_PORT, Duration.ofMinutes(2)));
                first.awaitLog(ServeConfig.API_PORT, Duration.ofSeconds(30));
                int secondPort = Integer.parseInt(second.awaitLog(ServeConfig.PROXY_PORT, Duration.ofMinutes(2)));
                ReviewApi reviewer = new ReviewApi(Integer.parseInt(second.awaitLog(ServeConfig.API_PORT,
                        Duration.ofSeconds(30))), ServeConfig.TOKEN);
                try (TcpBalancer balancer = new TcpBalancer(List.of(firstPort, secondPort))) {
                    String url = "jdbc:postgresql://127.0.0.1:" + balancer.port() + "/" + DATABASE + "?user=robot&password="
                            + ServeConfig.AGENT_PASSWORD;
                    Connection agent = DriverManager.getConnection(url);
                    Statement statement = agent.createStatement();
                    statement.execute("SET airlock.hold_mode = wait");
                    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                        try {
                            statement.execute("ALTER TABLE notes ADD COLUMN waited_on_first text");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
                        }
                    });
                    String waited = awaitPending(reviewer, "waited_on_first");
                    assertThat(reviewer.approve(waited).statusCode()).isEqualTo(200);
                    waiting.get(60, TimeUnit.SECONDS);
                    assertThat(column(production, "waited_on_first")).as("applied before the waiting statement returned")
                            .isTrue();

                    statement.execute("SET airlock.hold_mode = notice");
                    statement.execute("ALTER TABLE notes ADD COLUMN pending_on_first text");
                    first.handle().destroyForcibly();
                    first.handle().onExit().get();
                    awaitRefused(firstPort);
                    assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
                    agent.close();

                    try (Connection again = DriverManager.getConnection(url); Statement moved = again.createStatement()) {
                        moved.execute("ALTER TABLE notes ADD COLUMN filed_on_second text");
                        assertThat(moved.getWarnings().getMessage()).contains("holding this change for review");
                    }
                    List<String> statements = new ArrayList<>();
                    for (JsonNode change : reviewer.get("/api/changes")) {
                        statements.add(change.path("firstStatement").asText());
                    }
                    assertThat(statements).as("every change exactly once").containsExactlyInAnyOrder(
                            "ALTER TABLE notes ADD COLUMN waited_on_first text",
                            "ALTER TABLE notes ADD COLUMN pending_on_first text",
                            "ALTER TABLE notes ADD COLUMN filed_on_second text");
                    for (String column : List.of("pending_on_first", "filed_on_second")) {
                        String id = reviewer.pending(column);
                        assertThat(reviewer.approve(id).statusCode()).isEqualTo(200);
                        assertThat(reviewer.awaitState(id, Set.of("APPLIED", "FAILED"))).isEqualTo("APPLIED");
                        assertThat(column(production, column)).isTrue();
                    }
                    assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM airlock.applied_changes"
                            + " WHERE outcome = 'applied'")).as("applied once each").isEqualTo("3");
                }
                new ProcessBuilder("kill", "-TERM", Long.toString(second.handle().pid())).start().waitFor();
                second.awaitExit(Duration.ofSeconds(60));
            }
            AirlockProcess verify = AirlockProcess.run(workDir, ServeConfig.ENVIRONMENT, "", "audit", "verify", "--config",
                    config.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        }
    }

    private AirlockProcess serve(Path config) throws Exception {
        return AirlockProcess.start(workDir, ServeConfig.ENVIRONMENT, "", "serve", "--config", config.toString());
    }

    private static String awaitPending(ReviewApi reviewer, String column) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return reviewer.pending(column);
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The kernel tears down a killed process's io_uring ring after the process has exited, and until
     * then the listening socket the ring holds still completes handshakes (and resets them at once).
     * A balancer that checks health by connect sees the instance as down only when its port refuses.
     */
    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(System.nanoTime()).as("port %d still accepts after the kill", port).isLessThan(deadline);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static boolean column(TestProduction production, String name) {
        return "1".equals(production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'notes' AND column_name = '" + name + "'"));
    }
}
