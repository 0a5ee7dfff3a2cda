package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock demo} as a newcomer runs it: it prints a JDBC URL that works, reads pass and
 * writes are refused, and Ctrl-C (SIGINT) stops Airlock and its embedded PostgreSQL with no
 * process left behind.
 */
class DemoIT {
    private static final Pattern JDBC_URL = Pattern.compile("JDBC: (jdbc:postgresql://\\S+)");
    private static final Pattern AGENT_URI = Pattern.compile("postgresql://(agent):([^@]+)@([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("export TOKEN=(\\S+)");
    private static final Pattern API_URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");
    private static final Pattern ADMIN_TOKEN = Pattern.compile("AIRLOCK_TOKEN=(\\S+)");
    private static final Pattern TASK_JDBC = Pattern.compile("JDBC: +(jdbc:postgresql://\\S+)");
    private static final Pattern TASK_ID = Pattern.compile("^(task_[0-9a-f]+) ", Pattern.MULTILINE);

    @TempDir
    Path workDir;

    @Test
    void demoServesReadsRefusesWritesAndCtrlCLeavesNothingRunning() throws Exception {
        Set<Long> postgresBefore = postgresServers();
        try (AirlockProcess demo = AirlockProcess.start(workDir, Map.of(), "", "demo", "--port", "0", "--api-port", "0")) {
            demo.awaitOutput("Press Ctrl-C", Duration.ofMinutes(2));
            Set<Long> demoServers = postgresServers();
            demoServers.removeAll(postgresBefore);
            assertThat(demoServers).as("the demo's embedded PostgreSQL").isNotEmpty();

            Matcher url = JDBC_URL.matcher(demo.stdout());
            assertThat(url.find()).as(demo.stdout()).isTrue();
            try (Connection connection = DriverManager.getConnection(url.group(1));
                 Statement statement = connection.createStatement()) {
                var rows = statement.executeQuery("SELECT count(*) FROM film");
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1000);
                assertThatThrownBy(() -> statement.execute("DELETE FROM rental"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            }

            walkThroughTheAgentLoop(demo.stdout(), url.group(1));
            startAndEndATaskWithTheCli(demo.stdout());

            new ProcessBuilder("kill", "-INT", Long.toString(demo.handle().pid())).start().waitFor();

            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as("128 + SIGINT, as for any program stopped by Ctrl-C")
                    .isEqualTo(130);
            assertThat(demo.stdout()).contains("Stopping Airlock");
            // pg_ctl stop returns once the server has removed its pid file, a moment before the process ends.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!running(demoServers).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(running(demoServers)).as("PostgreSQL servers the demo started, still running").isEmpty();
        }
    }

    /**
     * Step 2 and 3 of the printed walkthrough: the agent's ALTER TABLE is held (a notice, nothing
     * on production), the reviewer approves it over the REST API with the hashes it shows, and
     * the application then reads the new column.
     */
    private static void walkThroughTheAgentLoop(String output, String applicationUrl) throws Exception {
        Matcher agent = AGENT_URI.matcher(output);
        Matcher token = TOKEN.matcher(output);
        Matcher api = API_URL.matcher(output);
        assertThat(agent.find() && token.find() && api.find()).as(output).isTrue();
        String agentUrl = "jdbc:postgresql://" + agent.group(3) + "&user=" + agent.group(1) + "&password=" + agent.group(2);
        try (Connection connection = DriverManager.getConnection(agentUrl); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE film ADD COLUMN imdb_id text");
            assertThat(statement.getWarnings().getMessage()).contains("holding this change for review");
        }
        try (Connection application = DriverManager.getConnection(applicationUrl)) {
            assertThatThrownBy(() -> application.createStatement().executeQuery("SELECT imdb_id FROM film"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42703"));
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode changes = json.readTree(http.send(HttpRequest.newBuilder(URI.create(api.group() + "/api/changes"))
                .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode change = changes.get(0);
        String body = json.writeValueAsString(java.util.Map.of("statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(), "baseFingerprint", change.path("baseFingerprint").asText(),
                "comment", "looks right"));
        URI changeUri = URI.create(api.group() + "/api/changes/" + change.path("id").asText());
        HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(changeUri + "/approve"))
                .header("Authorization", "Bearer " + token.group(1)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String state = "";
        while (!state.equals("APPLIED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = json.readTree(http.send(HttpRequest.newBuilder(changeUri).header("Authorization", "Bearer " + token.group(1))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).path("state").asText();
        }
        assertThat(state).isEqualTo("APPLIED");
        try (Connection application = DriverManager.getConnection(applicationUrl)) {
            var rows = application.createStatement().executeQuery("SELECT count(imdb_id) FROM film");
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    /**
     * Step 4: the admin starts a task with {@code airlock tasks start}, the agent connects with the
     * JDBC URL it printed, reads within scope and is refused outside it, and {@code airlock tasks
     * end} terminates its session.
     */
    private void startAndEndATaskWithTheCli(String output) throws Exception {
        Matcher admin = ADMIN_TOKEN.matcher(output);
        Matcher api = API_URL.matcher(output);
        assertThat(admin.find() && api.find()).as(output).isTrue();
        Map<String, String> environment = Map.of("AIRLOCK_API_URL", api.group(), "AIRLOCK_TOKEN", admin.group(1));
        AirlockProcess started = AirlockProcess.run(workDir, environment, "", "tasks", "start", "--agent", "agent",
                "--intent", "index rentals", "--ttl", "30min", "--read-schema", "public", "--change-table", "public.rental",
                "--kind", "ddl_change");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        Matcher jdbc = TASK_JDBC.matcher(started.stdout());
        Matcher id = TASK_ID.matcher(started.stdout());
        assertThat(jdbc.find() && id.find()).as(started.stdout()).isTrue();
        try (Connection agent = DriverManager.getConnection(jdbc.group(1)); Statement statement = agent.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM rental").close();
            assertThatThrownBy(() -> statement.execute("ALTER TABLE film ADD COLUMN out_of_scope int"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage())
                            .contains("agent-change-out-of-scope"));
            AirlockProcess ended = AirlockProcess.run(workDir, environment, "", "tasks", "end", id.group(1),
                    "--reason", "demo over");
            assertThat(ended.exitCode()).as(ended.stderr()).isZero();
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P01"));
        }
    }

    private static List<Long> running(Set<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    }

    /**
     * The demo's postmaster processes running now: PostgreSQL servers whose data directory is a
     * demo one (other tests on this machine may start servers of their own meanwhile).
     */
    private static Set<Long> postgresServers() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(process -> isDemoDataDirectory(process.info().arguments().map(List::of).orElse(List.of())))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static boolean isDemoDataDirectory(List<String> arguments) {
        int option = arguments.indexOf("-D");
        return option >= 0 && option + 1 < arguments.size()
                && Path.of(arguments.get(option + 1)).getFileName().toString().startsWith("airlock-demo-production-");
    }
}
