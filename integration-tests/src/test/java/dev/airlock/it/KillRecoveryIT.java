package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @TempDir
    Path workDir;

    @Test
    void afterAKillTheExecutingChangeIsDecidedFromProductionAndThePendingOneStillWaits() throws Exception {
        TestProduction production = AgentWorld.prepareProduction(DATABASE);
        production.execute(DATABASE, "SET ROLE " + AgentWorld.CHANGE_ROLE + "; CREATE TABLE slow (note text);"
                + " GRANT SELECT ON slow TO " + TestProduction.READONLY_ROLE);
        try (EmbeddedServer sandbox = EmbeddedServer.start("kill-sandbox", Map.of())) {
            Path config = ServeConfig.write(workDir.resolve("airlock.yaml"), DATABASE, sandbox,
                    List.of("h2_file: " + workDir.resolve("store")));
            String pendingId;
            String executingId;
            try (AirlockProcess first = AirlockProcess.start(workDir, ServeConfig.ENVIRONMENT, "", "serve", "--config", config.toString());
                 Connection locker = production.superuserConnection(DATABASE)) {
                int port = Integer.parseInt(first.awaitLog(ServeConfig.PROXY_PORT, Duration.ofMinutes(2)));
                ReviewApi review = new ReviewApi(Integer.parseInt(first.awaitLog(ServeConfig.API_PORT, Duration.ofSeconds(30))),
                        ServeConfig.TOKEN);
                try (Connection agent = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE
                        + "?user=robot&password=" + ServeConfig.AGENT_PASSWORD);
                     Statement statement = agent.createStatement()) {
                    statement.execute("ALTER TABLE notes ADD COLUMN waits_for_review text");
                    statement.execute("INSERT INTO slow VALUES ('replayed')");
                }
                pendingId = review.pending("waits_for_review");
                executingId = review.pending("INSERT INTO slow");
                locker.setAutoCommit(false);
                locker.createStatement().execute("LOCK TABLE slow IN ACCESS EXCLUSIVE MODE");
                assertThat(review.approve(executingId).statusCode()).isEqualTo(200);
                review.awaitState(executingId, Set.of("EXECUTING"));
                awaitBlockedReplay(production);

                first.handle().destroyForcibly();
                first.handle().onExit().get();
                locker.rollback();
            }

            try (AirlockProcess second = AirlockProcess.start(workDir, ServeConfig.ENVIRONMENT, "", "serve", "--config", config.toString())) {
                second.awaitLog(ServeConfig.PROXY_PORT, Duration.ofMinutes(2));
                ReviewApi review = new ReviewApi(Integer.parseInt(second.awaitLog(ServeConfig.API_PORT,
                        Duration.ofSeconds(30))), ServeConfig.TOKEN);
                String decided = review.awaitState(executingId, Set.of("APPLIED", "FAILED"));
                Thread.sleep(2_000);
                String rows = production.queryValue(DATABASE, "SELECT count(*) FROM slow");
                String markers = production.queryValue(DATABASE, "SELECT count(*) FROM airlock.applied_changes"
                        + " WHERE change_id = '" + executingId + "' AND outcome = 'applied'");
                assertThat(rows).as("never sent twice").isIn("0", "1");
                assertThat(rows).as("%s agrees with production's rows", decided).isEqualTo(decided.equals("APPLIED") ? "1" : "0");
                assertThat(markers).isEqualTo(rows);
                System.out.println("after the kill, the change that was EXECUTING was decided " + decided + " from production");

                assertThat(review.state(pendingId)).isEqualTo("PENDING");
                assertThat(review.approve(pendingId).statusCode()).isEqualTo(200);
                review.awaitState(pendingId, Set.of("APPLIED"));
                assertThat(production.queryValue(DATABASE, "SELECT count(*) FROM information_schema.columns"
                        + " WHERE table_name = 'notes' AND column_name = 'waits_for_review'")).isEqualTo("1");

                new ProcessBuilder("kill", "-TERM", Long.toString(second.handle().pid())).start().waitFor();
                second.awaitExit(Duration.ofSeconds(60));
            }
            AirlockProcess verify = AirlockProcess.run(workDir, ServeConfig.ENVIRONMENT, "", "audit", "verify", "--config", config.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("audit chain intact");
        }
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
}
