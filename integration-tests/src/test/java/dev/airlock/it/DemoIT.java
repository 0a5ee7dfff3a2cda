package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock demo} as a newcomer runs it, following the walkthrough it prints, step by step,
 * with the commands and credentials it prints: the application's reads pass and writes are
 * refused; the admin starts a task with {@code airlock tasks start}; the agent connects with the
 * printed URL, its change is held and an out-of-scope one refused; the reviewer approves it with
 * {@code airlock changes approve} and the application sees it on production; {@code airlock tasks
 * end} terminates the agent's session; and Ctrl-C (SIGINT) stops Airlock and its embedded
 * PostgreSQL with no process left behind and no stack trace in the log.
 */
class DemoIT {
    private static final Pattern JDBC_URL = Pattern.compile("JDBC: (jdbc:postgresql://\\S+)");
    private static final Pattern API_URL = Pattern.compile("export AIRLOCK_API_URL=(\\S+)");
    private static final Pattern ADMIN_TOKEN = Pattern.compile("AIRLOCK_TOKEN=(\\S+)\\n");
    private static final Pattern REVIEWER_TOKEN = Pattern.compile("reviewer's token\\n\\s+(\\S+)");
    private static final Pattern START_TASK = Pattern.compile("\\./airlock (tasks start .*)\\\\\\n\\s+(.*)");
    private static final Pattern TASK_JDBC = Pattern.compile("JDBC: +(jdbc:postgresql://\\S+)");
    private static final Pattern TASK_ID = Pattern.compile("^(task_[0-9a-f]+) ", Pattern.MULTILINE);
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    Path workDir;

    @Test
    void theWalkthroughWorksAsPrintedAndCtrlCLeavesNothingRunning() throws Exception {
        Set<Long> postgresBefore = postgresServers();
        Set<Path> storesBefore = demoStores();
        try (AirlockProcess demo = AirlockProcess.start(workDir, Map.of(), "", "demo", "--port", "0", "--api-port", "0")) {
            demo.awaitOutput("Press Ctrl-C", Duration.ofMinutes(2));
            Set<Long> demoServers = postgresServers();
            demoServers.removeAll(postgresBefore);
            assertThat(demoServers).as("the demo's embedded PostgreSQL").isNotEmpty();
            String guide = demo.stdout();

            String application = find(JDBC_URL, guide);
            stepOneReadsPassWritesAreRefused(application);
            Map<String, String> admin = Map.of("AIRLOCK_API_URL", find(API_URL, guide), "AIRLOCK_TOKEN", find(ADMIN_TOKEN, guide));
            AirlockProcess started = stepTwoStartsATask(guide, admin);
            String taskId = find(TASK_ID, started.stdout());
            try (Connection agent = DriverManager.getConnection(find(TASK_JDBC, started.stdout()));
                 Statement statement = agent.createStatement()) {
                stepThreeHoldsTheChange(statement, application);
                stepFourApprovesIt(Map.of("AIRLOCK_API_URL", find(API_URL, guide), "AIRLOCK_TOKEN",
                        find(REVIEWER_TOKEN, guide)));
                stepFiveShowsItOnProduction(application);
                AirlockProcess ended = AirlockProcess.run(workDir, admin, "", "tasks", "end", taskId, "--reason", "demo over");
                assertThat(ended.exitCode()).as(ended.stderr()).isZero();
                assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P01"));
            }

            assumeFalse(ignoresInterrupt(demo.handle().pid()), "the tests run with SIGINT ignored (as a background"
                    + " job of a non-interactive shell is), which the demo inherits: Ctrl-C cannot reach it here");
            new ProcessBuilder("kill", "-INT", Long.toString(demo.handle().pid())).start().waitFor();

            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as("128 + SIGINT, as for any program stopped by Ctrl-C")
                    .isEqualTo(130);
            assertThat(demo.stdout()).contains("Stopping Airlock");
            assertThat(demo.stderr()).as("Airlock's log: no stack trace, in the walkthrough or on stopping with"
                    + " production connections in the pool").doesNotContain("\tat ");
            // pg_ctl stop returns once the server has removed its pid file, a moment before the process ends.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!running(demoServers).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(running(demoServers)).as("PostgreSQL servers the demo started, still running").isEmpty();
            assertThat(demoStores()).as("the demo's store directories left behind").isEqualTo(storesBefore);
        }
    }

    /** Whether process {@code pid} ignores SIGINT; the JVM then installs no handler for it. */
    private static boolean ignoresInterrupt(long pid) throws IOException {
        long sigint = 1L << (2 - 1);
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & sigint) != 0);
    }

    /** The demo's H2 store directories in the temporary directory. */
    private static Set<Path> demoStores() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("airlock-demo-store-"))
                    .collect(Collectors.toSet());
        }
    }

    private static void stepOneReadsPassWritesAreRefused(String application) throws SQLException {
        try (Connection connection = DriverManager.getConnection(application);
             Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM film");
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1000);
            assertThatThrownBy(() -> statement.execute("DELETE FROM rental"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            assertThatThrownBy(() -> statement.execute("SELECT pg_terminate_backend(1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    /** Runs the printed {@code ./airlock tasks start ...} command, word for word. */
    private AirlockProcess stepTwoStartsATask(String guide, Map<String, String> admin) throws Exception {
        Matcher command = START_TASK.matcher(guide);
        assertThat(command.find()).as(guide).isTrue();
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(command.group(1) + " " + command.group(2));
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        AirlockProcess started = AirlockProcess.run(workDir, admin, "", words.toArray(String[]::new));
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        assertThat(started.stdout()).contains("track IMDb ids").contains("psql:");
        return started;
    }

    private static void stepThreeHoldsTheChange(Statement agent, String application) throws SQLException {
        agent.execute("ALTER TABLE film ADD COLUMN imdb_id text");
        assertThat(agent.getWarnings().getMessage()).contains("holding this change for review");
        assertThatThrownBy(() -> agent.execute("DROP TABLE rental"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("agent-change-out-of-scope"));
        try (Connection connection = DriverManager.getConnection(application)) {
            assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT imdb_id FROM film"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42703"));
        }
    }

    /** {@code changes list}, then {@code changes approve} with the hashes {@code changes show} printed. */
    private void stepFourApprovesIt(Map<String, String> reviewer) throws Exception {
        AirlockProcess list = AirlockProcess.run(workDir, reviewer, "", "changes", "list", "--json", "--state", "pending");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        JsonNode pending = new ObjectMapper().readTree(list.stdout());
        assertThat(pending).hasSize(1);
        String id = pending.get(0).path("id").asText();
        AirlockProcess show = AirlockProcess.run(workDir, reviewer, "", "changes", "show", id);
        assertThat(show.stdout()).contains("  | ALTER TABLE film ADD COLUMN imdb_id text").contains("track IMDb ids");
        AirlockProcess approved = AirlockProcess.run(workDir, reviewer, "", "changes", "approve", id,
                "--statements-sha256", hash(show.stdout(), "statements sha256"),
                "--effect-sha256", hash(show.stdout(), "effect sha256"),
                "--base-fingerprint", hash(show.stdout(), "base fingerprint"), "--comment", "looks right");
        assertThat(approved.exitCode()).as(approved.stderr()).isZero();
    }

    private static void stepFiveShowsItOnProduction(String application) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = DriverManager.getConnection(application)) {
            while (true) {
                try (ResultSet rows = connection.createStatement().executeQuery("SELECT count(imdb_id) FROM film")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isZero();
                    return;
                } catch (SQLException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static String hash(String shown, String label) {
        return find(Pattern.compile(label + ": +([0-9a-f]{64})"), shown);
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in%n%s", pattern, text).isTrue();
        return matcher.group(1);
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
