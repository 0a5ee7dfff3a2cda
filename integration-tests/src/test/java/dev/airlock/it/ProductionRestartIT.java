package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.config.Setting;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production goes down and comes back while clients read through Airlock (a production server of
 * this test's own, shut down fast and started again): a running query and an idle session's next
 * statement get a connection error promptly, not a hang; while production is down new statements
 * are refused promptly; once it is back, new sessions work at once, and no dead pooled connection
 * is handed to them.
 */
class ProductionRestartIT {
    private static final String DATABASE = "restart_it";
    private static EmbeddedServer production;
    private static TestAirlock airlock;

    @BeforeAll
    static void start() {
        production = EmbeddedServer.start("restart-production", Map.of());
        production.execute("postgres", "CREATE ROLE " + TestProduction.READONLY_ROLE + " LOGIN PASSWORD '"
                + TestProduction.READONLY_PASSWORD + "'");
        production.execute("postgres", "CREATE DATABASE " + DATABASE);
        production.execute(DATABASE, "CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2), (3);"
                + " REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE TEMPORARY ON DATABASE " + DATABASE + " FROM PUBLIC;"
                + " GRANT SELECT ON items TO " + TestProduction.READONLY_ROLE);
        airlock = TestAirlock.startIn(production, DATABASE, Map.of(Setting.PRODUCTION_CONNECT_TIMEOUT, Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
        if (production != null) {
            production.close();
        }
    }

    @Test
    void sessionsFailPromptlyWhileProductionIsDownAndNewOnesWorkWhenItIsBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connection earlier = airlock.connect()) {
                assertThat(count(earlier)).isEqualTo(3);
            }
        }
        assertThat(airlock.server().openProductionConnections()).as("idle pooled connections").isPositive();
        try (Connection idle = airlock.connect(); Connection busy = airlock.connect()) {
            assertThat(count(idle)).isEqualTo(3);
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try (Statement statement = busy.createStatement()) {
                    statement.execute("SELECT pg_sleep(60)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
                }
            });
            awaitActiveSleep();

            long stopping = System.nanoTime();
            production.stopFast();
            assertThatThrownBy(() -> sleeping.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageMatching("(?s).*(57P01|08\\d\\d\\d).*");
            assertThatThrownBy(() -> count(idle)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).matches("08...|57P0[1-3]"));
            long whileDown = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Connection during = airlock.connect()) {
                    count(during);
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).matches("08...|57P0[1-3]|53300"));
            assertThat(Duration.ofNanos(System.nanoTime() - whileDown)).as("a refusal while production is down")
                    .isLessThan(Duration.ofSeconds(8));
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
        } finally {
            production.startAgain();
        }
        List<Connection> after = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection fresh = airlock.connect();
                after.add(fresh);
                assertThat(count(fresh)).as("session %d after the restart", i).isEqualTo(3);
            }
        } finally {
            for (Connection connection : after) {
                connection.close();
            }
        }
    }

    private static int count(Connection connection) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM items")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void awaitActiveSleep() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection superuser = production.superuserConnection(DATABASE);
                 ResultSet rows = superuser.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'")) {
                rows.next();
                if (rows.getInt(1) == 1) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the sleeping query never became active on production");
    }
}
