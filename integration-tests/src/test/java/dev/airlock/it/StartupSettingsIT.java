package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.config.Setting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run-time settings in a startup packet (node-postgres sends statement_timeout, pgjdbc's
 * currentSchema and Npgsql's Search Path send search_path) reach production, and the gate judges
 * the session's statements under them: here the policy lets a session put schema {@code evil}
 * first, whose {@code upper(text)} writes. A value only production can judge (a time zone name,
 * a setting's value) is tried there before the session is ready, as PostgreSQL does, unless
 * production has accepted it before.
 */
class StartupSettingsIT {
    private static final String AUDIT_SINK = "SELECT count(*) FROM audit_sink";

    private static final TestProduction production = TestProduction.get();
    private static final MeterRegistry metrics = new SimpleMeterRegistry();
    private static TestAirlock airlock;

    @BeforeAll
    static void start() {
        airlock = TestAirlock.start(TestProduction.CORPUS, Map.of(
                Setting.GATE_SEARCH_PATH_SCHEMAS, List.of("$user", "public", "pg_catalog", "evil")), List.of(),
                ControlPlaneLink.NONE, metrics);
    }

    @AfterAll
    static void stop() {
        airlock.close();
    }

    private static RawPgClient session(String... settings) throws IOException {
        List<String> startup = new ArrayList<>(List.of("user", TestAirlock.APPLICATION, "database", TestProduction.CORPUS));
        startup.addAll(List.of(settings));
        RawPgClient client = RawPgClient.connect(airlock.port());
        client.sendStartup(196608, startup);
        assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
        assertThat(client.readUntilReady()).extracting(Message::type).doesNotContain('E');
        return client;
    }

    /** Sessions of earlier tests give their connections back once Airlock sees them close. */
    private static void awaitNoProductionConnectionHeld() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (productionConnectionsHeld() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(productionConnectionsHeld()).as("production connections held before the test").isZero();
    }

    /** Production connections held by sessions (open, not idle in the pool). */
    private static int productionConnectionsHeld() {
        return (int) (metrics.get("airlock.production.connections").tag("state", "open").gauge().value()
                - metrics.get("airlock.production.connections").tag("state", "idle").gauge().value());
    }

    /** The one value of a one-row query, or the error it got. */
    private static String value(RawPgClient client, String sql) throws IOException {
        client.query(sql);
        for (Message message : client.readUntilReady()) {
            if (message.type() == 'E') {
                return message.sqlState() + " " + message.fields().get('M');
            }
            if (message.type() == 'D') {
                return message.firstColumn();
            }
        }
        return null;
    }

    @Test
    void aSearchPathFromTheStartupPacketIsTheOneTheGateResolvesNamesIn() throws IOException {
        String sinkBefore = production.queryValue(TestProduction.CORPUS, AUDIT_SINK);
        try (RawPgClient client = session("search_path", "evil, pg_catalog, public")) {
            assertThat(value(client, "SHOW search_path")).isEqualTo("evil, pg_catalog, public");
            assertThat(value(client, "SELECT lower('X')")).isEqualTo("x");
            assertThat(value(client, "SELECT upper('x')")).startsWith("25006 cannot execute SELECT through Airlock");
        }
        try (RawPgClient client = session("search_path", "public")) {
            assertThat(value(client, "SELECT upper('x')")).isEqualTo("X");
        }
        assertThat(production.queryValue(TestProduction.CORPUS, AUDIT_SINK)).isEqualTo(sinkBefore);
    }

    @Test
    void aStatementTimeoutFromTheStartupPacketBoundsTheSessionOnProduction() throws IOException {
        try (RawPgClient client = session("statement_timeout", "300ms", "application_name", "timed")) {
            assertThat(value(client, "SHOW statement_timeout")).isEqualTo("300ms");
            assertThat(value(client, "SELECT pg_sleep(5)")).isEqualTo("57014 canceling statement due to statement timeout");
        }
    }

    /**
     * The client hears of the refusal before it is told it is ready, and of nothing after it: not
     * production's ReadyForQuery, which can come in a read of its own while the client's connection
     * is still closing (writing the error, saying goodbye to TLS). Tried a few times, since that is
     * a race.
     */
    @Test
    void aStartupValueProductionRefusesFailsTheConnectionBeforeItIsReady() throws IOException {
        for (String[] setting : new String[][] {{"TimeZone", "Mars/Olympus"}, {"statement_timeout", "soon"}}) {
            for (int attempt = 0; attempt < 5; attempt++) {
                try (RawPgClient client = RawPgClient.connect(airlock.port())) {
                    client.sendStartup(196608, List.of("user", TestAirlock.APPLICATION, "database", TestProduction.CORPUS,
                            setting[0], setting[1]));
                    assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
                    List<Message> received = client.readWhileTalking(5_000);
                    assertThat(received).extracting(Message::type).as("start-up with %s", setting[0]).doesNotContain('Z')
                            .endsWith('E');
                    Message refusal = received.get(received.size() - 1);
                    assertThat(refusal.severity()).isEqualTo("FATAL");
                    assertThat(refusal.sqlState()).isEqualTo("22023");
                    assertThat(refusal.fields().get('M')).startsWith("production refused a start-up parameter: invalid"
                            + " value for parameter \"" + setting[0] + "\": \"" + setting[1] + "\"");
                    assertThat(client.isClosedByServer(5_000)).isTrue();
                }
            }
        }
    }

    @Test
    void onlyAValueProductionHasNotAcceptedYetTakesAProductionConnectionBeforeTheFirstStatement() throws Exception {
        awaitNoProductionConnectionHeld();
        String productionTimeZone;
        try (RawPgClient plain = session()) {
            productionTimeZone = value(plain, "SHOW TimeZone");
        }
        awaitNoProductionConnectionHeld();
        try (RawPgClient productionsOwn = session("TimeZone", productionTimeZone)) {
            assertThat(productionConnectionsHeld()).as("a session with production's own time zone").isZero();
            try (RawPgClient first = session("TimeZone", "Pacific/Chatham", "lock_timeout", "7s")) {
                assertThat(productionConnectionsHeld()).as("the first session with a new time zone").isEqualTo(1);
                try (RawPgClient second = session("lock_timeout", "7s", "TimeZone", "Pacific/Chatham")) {
                    assertThat(productionConnectionsHeld()).as("a second session with the same values").isEqualTo(1);
                    assertThat(value(second, "SHOW TimeZone")).isEqualTo("Pacific/Chatham");
                    assertThat(value(second, "SHOW lock_timeout")).isEqualTo("7s");
                }
                assertThat(value(first, "SELECT current_setting('TimeZone') || ' ' || current_setting('lock_timeout')"))
                        .isEqualTo("Pacific/Chatham 7s");
            }
        }
    }
}
