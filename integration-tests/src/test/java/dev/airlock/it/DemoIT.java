package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @TempDir
    Path workDir;

    @Test
    void demoServesReadsRefusesWritesAndCtrlCLeavesNothingRunning() throws Exception {
        Set<Long> postgresBefore = postgresServers();
        try (AirlockProcess demo = AirlockProcess.start(workDir, Map.of(), "", "demo", "--port", "0")) {
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
