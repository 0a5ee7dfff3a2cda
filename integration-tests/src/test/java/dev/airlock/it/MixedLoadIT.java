package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.proxy.config.Setting;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many sessions at once for a while: applications reading (simple and prepared protocol) and now
 * and then trying to write, agents with task credentials reading and proposing changes. Nothing
 * fails but the refusals that should happen; afterwards no client connection, no busy production
 * connection and, once the tasks end, no task sandbox is left. {@code airlock.load.sessions} (200)
 * and {@code airlock.load.seconds} (30 in the suite; {@code stress/soak.sh} runs longer) size it.
 */
class MixedLoadIT {
    private static final int SESSIONS = Integer.getInteger("airlock.load.sessions", 200);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("airlock.load.seconds", 30));
    private static final int AGENT_TASKS = 10;
    private static final String AGENT = "loader";

    private static AgentWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = AgentWorld.start("mixed_load", List.of(new Identity(AGENT, IdentityKind.AGENT, null, "ops", null,
                HoldMode.NOTICE, false)), Optional.empty(), Map.of(Setting.PRODUCTION_POOL_MAX_SIZE, SESSIONS + 20));
        world.production.execute("mixed_load", "SET ROLE " + AgentWorld.CHANGE_ROLE
                + "; INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(2, 1000) g");
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    /** What the sessions saw, by kind; unexpected ones keep their first message. */
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> unexpected = new ConcurrentHashMap<>();

    @Test
    void manySessionsReadAndProposeChangesAndNothingLeaks() throws Exception {
        List<JsonNode> tasks = new ArrayList<>();
        for (int i = 0; i < AGENT_TASKS; i++) {
            HttpResponse<String> started = world.post("/api/tasks", AgentWorld.DAVE, Map.of("agent", AGENT,
                    "intent", "load " + i, "ttlSeconds", 3600, "scope", Map.of("readSchemas", List.of("public"),
                            "changeTables", List.of("public.notes"), "statementKinds", List.of("ddl_change"))));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            tasks.add(AgentWorld.JSON.readTree(started.body()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        CountDownLatch connected = new CountDownLatch(SESSIONS);
        long until = System.nanoTime() + RUN.toNanos();
        List<Future<?>> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            JsonNode task = i < AGENT_TASKS ? tasks.get(i) : null;
            int session = i;
            sessions.add(pool.submit(() -> {
                try (Connection connection = task == null
                        ? world.airlock.connect(session % 2 == 0 ? "prepareThreshold=1" : "preferQueryMode=simple")
                        : DriverManager.getConnection(task.path("jdbcUrl").asText())) {
                    connected.countDown();
                    connected.await();
                    if (task == null) {
                        application(connection, until);
                    } else {
                        agent(connection, session, until);
                    }
                } catch (SQLException e) {
                    unexpected.putIfAbsent("connect " + e.getSQLState(), e.getMessage());
                    connected.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        for (Future<?> session : sessions) {
            session.get(RUN.toSeconds() + 120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.println("mixed load, " + SESSIONS + " sessions for " + RUN.toSeconds() + " s: " + outcomes);

        assertThat(unexpected).as("errors other than the expected refusals").isEmpty();
        assertThat(seen("read")).isPositive();
        assertThat(seen("write refused 25006")).isPositive();
        assertThat(seen("change held")).isPositive();
        awaitQuiet();
        assertThat(world.airlock.server().connectedClients()).as("client connections left").isZero();
        assertThat(world.airlock.server().idleProductionConnections()).as("production connections still held by a session")
                .isEqualTo(world.airlock.server().openProductionConnections());
        assertThat(Integer.parseInt(world.production.queryValue("mixed_load", "SELECT count(*) FROM pg_stat_activity"
                + " WHERE usename = '" + TestProduction.READONLY_ROLE + "' AND state <> 'idle'"))).as("busy backends").isZero();

        for (JsonNode task : tasks) {
            assertThat(world.post("/api/tasks/" + task.path("id").asText() + "/end", AgentWorld.DAVE, Map.of())
                    .statusCode()).isEqualTo(200);
        }
        assertThat(taskSandboxes()).as("task sandboxes left after their tasks ended").isZero();
        assertThat(world.get("/api/changes?state=pending", AgentWorld.ALICE)).as("pending changes of ended tasks").isEmpty();
    }

    private void application(Connection connection, long until) throws SQLException {
        try (PreparedStatement byId = connection.prepareStatement("SELECT body FROM notes WHERE id = ?");
             Statement statement = connection.createStatement()) {
            while (System.nanoTime() < until) {
                int roll = ThreadLocalRandom.current().nextInt(100);
                try {
                    if (roll < 2) {
                        statement.executeUpdate("UPDATE notes SET body = 'overwritten' WHERE id = " + (roll + 1));
                        unexpected.putIfAbsent("an application's write ran", "UPDATE notes");
                    } else if (roll < 50) {
                        byId.setInt(1, 1 + ThreadLocalRandom.current().nextInt(1000));
                        try (ResultSet rows = byId.executeQuery()) {
                            rows.next();
                        }
                        count("read");
                    } else {
                        try (ResultSet rows = statement.executeQuery("SELECT count(*), max(length(body)) FROM notes"
                                + " WHERE id < " + ThreadLocalRandom.current().nextInt(1000))) {
                            rows.next();
                        }
                        count("read");
                    }
                } catch (SQLException e) {
                    expected(e, roll < 2 && "25006".equals(e.getSQLState()), "write refused 25006");
                }
            }
        }
    }

    private void agent(Connection connection, int session, long until) throws SQLException, InterruptedException {
        int change = 0;
        try (Statement statement = connection.createStatement()) {
            while (System.nanoTime() < until) {
                try {
                    statement.executeQuery("SELECT count(*) FROM notes").close();
                    count("read");
                    statement.execute("CREATE INDEX notes_load_" + session + "_" + change++ + " ON notes (body)");
                    if (statement.getWarnings() == null) {
                        unexpected.putIfAbsent("a change without the notice that it is held", "CREATE INDEX");
                    }
                    count("change held");
                } catch (SQLException e) {
                    expected(e, false, "");
                }
                Thread.sleep(1_000);
            }
        }
    }

    private void expected(SQLException e, boolean isExpected, String what) {
        if (isExpected) {
            count(what);
        } else {
            unexpected.putIfAbsent(e.getSQLState() + " " + e.getMessage(), e.getMessage());
        }
    }

    private void count(String what) {
        outcomes.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
    }

    private long seen(String what) {
        return outcomes.getOrDefault(what, new AtomicLong()).get();
    }

    private static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (world.airlock.server().connectedClients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static int taskSandboxes() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int left;
        do {
            try (Connection sandbox = world.sandbox.superuserConnection("postgres");
                 ResultSet rows = sandbox.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_database WHERE datname LIKE 'airlock_task_%'")) {
                rows.next();
                left = rows.getInt(1);
            }
            if (left > 0) {
                Thread.sleep(200);
            }
        } while (left > 0 && System.nanoTime() < deadline);
        return left;
    }
}
