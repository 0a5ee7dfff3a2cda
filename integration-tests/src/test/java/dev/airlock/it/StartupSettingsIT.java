package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import dev.airlock.proxy.config.Setting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run-time settings in a startup packet (node-postgres sends statement_timeout, pgjdbc's
 * currentSchema and Npgsql's Search Path send search_path) reach production, and the gate judges
 * the session's statements under them: here the policy lets a session put schema {@code evil}
 * first, whose {@code upper(text)} writes.
 */
class StartupSettingsIT {
    private static final String AUDIT_SINK = "SELECT count(*) FROM audit_sink";

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.CORPUS, Map.of(
            Setting.GATE_SEARCH_PATH_SCHEMAS, List.of("$user", "public", "pg_catalog", "evil")));
    private static final TestProduction production = TestProduction.get();

    private static RawPgClient session(String... settings) throws IOException {
        List<String> startup = new ArrayList<>(List.of("user", TestAirlock.APPLICATION, "database", TestProduction.CORPUS));
        startup.addAll(List.of(settings));
        RawPgClient client = RawPgClient.connect(airlock.port());
        client.sendStartup(196608, startup);
        assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
        assertThat(client.readUntilReady()).extracting(Message::type).doesNotContain('E');
        return client;
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
}
