package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.credential.ScramVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many idle authenticated clients on {@code airlock serve} in its own process with a 512 MB heap
 * (the suite's fast variant of {@code bench/idle-clients.sh}): each costs well under the 32 KB of
 * DESIGN §6 in live heap, every one stays connected, and a new client is still served.
 */
class IdleClientsIT {
    private static final int CLIENTS = Integer.getInteger("airlock.idle.clients", 1_000);
    private static final long BUDGET_BYTES_PER_CLIENT = 32 * 1024;
    private static final String PASSWORD = "idle-app-secret";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @TempDir
    Path workDir;

    @Test
    void idleClientsEachCostLittleHeapAndAllStayServed() throws Exception {
        TestProduction production = TestProduction.get();
        String verifier = ScramVerifier.fromPassword(PASSWORD.toCharArray(), new SecureRandom()).format();
        Path config = workDir.resolve("airlock.yaml");
        Files.writeString(config, String.join("\n", List.of(
                "listen:", "  host: 127.0.0.1", "  port: 0",
                "production:", "  host: " + production.host(), "  port: " + production.port(),
                "  database: " + TestProduction.PAGILA, "  readonly_user: " + TestProduction.READONLY_ROLE,
                "  readonly_password: env:IDLE_RO_PASSWORD", "  sslmode: disable",
                "log:", "  statements_file: " + workDir.resolve("statements.log"),
                "identities:", "  - name: idle", "    kind: application", "    password_verifier: \"" + verifier + "\"", "")),
                StandardCharsets.UTF_8);
        List<RawPgClient> clients = new ArrayList<>();
        try (AirlockProcess airlock = AirlockProcess.start(workDir, Map.of("IDLE_RO_PASSWORD", TestProduction.READONLY_PASSWORD),
                "", "serve", "--config", config.toString())) {
            int port = Integer.parseInt(airlock.awaitLog(ServeConfig.PROXY_PORT, Duration.ofMinutes(2)));
            clients.add(authenticated(port));
            long before = liveHeap(airlock);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(authenticated(port));
            }
            long after = liveHeap(airlock);
            long perClient = (after - before) / CLIENTS;
            System.out.printf("idle clients: %d, live heap %d KB -> %d KB, %.1f KB per client%n", CLIENTS, before / 1024,
                    after / 1024, perClient / 1024.0);
            assertThat(perClient).as("live heap per idle client, bytes").isLessThan(BUDGET_BYTES_PER_CLIENT);
            for (RawPgClient client : clients) {
                assertThat(client.isClosedByServer(1)).as("an idle client was disconnected").isFalse();
            }
            try (Connection fresh = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                    + TestProduction.PAGILA + "?user=idle&password=" + PASSWORD);
                 ResultSet rows = fresh.createStatement().executeQuery("SELECT count(*) FROM film")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1000);
            }
        } finally {
            for (RawPgClient client : clients) {
                client.close();
            }
        }
    }

    private static RawPgClient authenticated(int port) throws IOException {
        RawPgClient client = RawPgClient.connect(port);
        client.sendStartup(196608, List.of("user", "idle", "database", TestProduction.PAGILA));
        RawPgClient.Message ok = client.scram(PASSWORD);
        assertThat(ok.type()).as(ok.text()).isEqualTo('R');
        client.readUntilReady();
        return client;
    }

    /** The process's live heap after a full collection, in bytes (jcmd of the JDK running the tests). */
    private static long liveHeap(AirlockProcess airlock) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(airlock.handle().pid()), "GC.run");
        String info = run(jcmd, Long.toString(airlock.handle().pid()), "GC.heap_info");
        Matcher used = USED.matcher(info);
        assertThat(used.find()).as(info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
