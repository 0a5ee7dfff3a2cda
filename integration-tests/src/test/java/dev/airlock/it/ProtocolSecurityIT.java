package dev.airlock.it;

import static dev.airlock.it.RawPgClient.concat;
import static dev.airlock.it.RawPgClient.cstring;
import static dev.airlock.it.RawPgClient.int16;
import static dev.airlock.it.RawPgClient.int32;
import static dev.airlock.it.RawPgClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import dev.airlock.proxy.config.Setting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and malformed protocol traffic gets the right SQLSTATE, and nothing it attempts reaches
 * production: every test that tries to write checks the corpus fixture table afterwards.
 */
class ProtocolSecurityIT {
    private static final String PRODUCTION_STATE = "SELECT (SELECT string_agg(id || ':' || v, ',' ORDER BY id) FROM t)"
            + " || '|' || (SELECT count(*) FROM audit_sink) || '|' || (SELECT last_value FROM s)";

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.CORPUS, Map.of(
            Setting.LIMITS_MAX_MESSAGE_SIZE, 64L * 1024,
            Setting.LIMITS_AUTHENTICATION_TIMEOUT, Duration.ofSeconds(2)));
    private static final TestProduction production = TestProduction.get();

    private static String productionState() {
        return production.queryValue(TestProduction.CORPUS, PRODUCTION_STATE);
    }

    private static RawPgClient startup(String... keysAndValues) throws IOException {
        RawPgClient client = RawPgClient.connect(airlock.port());
        client.sendStartup(196608, List.of(keysAndValues));
        return client;
    }

    private static void assertFatal(Message message, String sqlState) {
        assertThat(message.type()).isEqualTo('E');
        assertThat(message.severity()).isEqualTo("FATAL");
        assertThat(message.sqlState()).isEqualTo(sqlState);
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() throws IOException {
        try (RawPgClient known = startup("user", "app", "database", "corpus");
             RawPgClient unknown = startup("user", "nobody", "database", "corpus")) {
            Message wrong = known.scram("not-the-password");
            Message missing = unknown.scram("anything");
            assertFatal(wrong, "28P01");
            assertFatal(missing, "28P01");
            assertThat(wrong.fields().get('M')).isEqualTo("password authentication failed for user \"app\"");
            assertThat(missing.fields().get('M')).isEqualTo("password authentication failed for user \"nobody\"");
            assertThat(known.isClosedByServer()).isTrue();
        }
    }

    @Test
    void rightPasswordButWrongDatabaseIsRefusedAfterAuthentication() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "pagila")) {
            assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
            assertFatal(client.read(), "3D000");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_encoding=LATIN1:08P01", "search_path=evil:08P01", "search_path=public, evil:08P01",
            "session_authorization=postgres:08P01", "role=postgres:08P01", "transaction_read_only=off:08P01",
            "default_transaction_read_only=off:08P01", "standard_conforming_strings=off:08P01", "statement_timeout=0:08P01",
            "statement_timeout=1s'; DELETE FROM t; --:22023", "work_mem TO '1GB' --=64MB:08P01"})
    void startupParametersOutsideTheAllowlistAreRefused(String parameter) throws IOException {
        String[] parts = parameter.split("=", 2);
        String sqlState = parts[1].substring(parts[1].lastIndexOf(':') + 1);
        String value = parts[1].substring(0, parts[1].lastIndexOf(':'));
        try (RawPgClient client = startup("user", "app", "database", "corpus", parts[0], value)) {
            assertFatal(client.read(), sqlState);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void missingUserOrDatabaseIsRefused() throws IOException {
        try (RawPgClient noDatabase = startup("user", "app"); RawPgClient noUser = startup("database", "corpus")) {
            assertFatal(noDatabase.read(), "28000");
            assertFatal(noUser.read(), "28000");
        }
    }

    @Test
    void newerMinorProtocolVersionsAreNegotiatedDown() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendStartup((3 << 16) | 2, List.of("user", "app", "database", "corpus"));
            Message negotiation = client.read();
            assertThat(negotiation.type()).isEqualTo('v');
            assertThat(negotiation.body()).startsWith(int32(0)).hasSize(8);
            assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
        }
    }

    @Test
    void protocolTwoIsRefused() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendStartup(2 << 16, List.of("user", "app", "database", "corpus"));
            assertFatal(client.read(), "0A000");
        }
    }

    @Test
    void gssEncryptionIsDeclinedAndStartupContinues() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendRaw(concat(int32(8), int32((1234 << 16) | 5680)));
            assertThat(client.readByte()).isEqualTo('N');
            client.sendStartup(196608, List.of("user", "app", "database", "corpus"));
            assertThat(client.scram(TestAirlock.APPLICATION_PASSWORD).type()).isEqualTo('R');
        }
    }

    @Test
    void dataPipelinedBehindAnSslRequestIsRefused() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            byte[] startup = concat(int32(8), int32((1234 << 16) | 5679), int32(9), int32(196608), new byte[] {0});
            client.sendRaw(startup);
            assertFatal(client.read(), "08P01");
        }
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheAuthenticationTimeout() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            long started = System.nanoTime();
            assertFatal(client.read(), "57014");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aLengthFarBeyondAnyLimitClosesTheConnection() throws IOException {
        int length = 0x7fffffff;
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(new byte[] {'Q'}, int32(length), cstring("DELETE FROM t")));
            assertFatal(client.read(), "08P01");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(productionState()).isEqualTo(before);
    }

    @Test
    void messagesAboveTheLimitAreSkippedWith54000AndTheSessionCarriesOn() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.query("SELECT 1 WHERE '" + "x".repeat(100_000) + "' <> ''");
            Message error = client.readError();
            assertThat(error.sqlState()).isEqualTo("54000");
            client.query("SELECT 7");
            assertThat(client.readUntilReady()).anyMatch(m -> m.type() == 'D' && m.text().endsWith("7"));
        }
    }

    @Test
    void afterARefusalEverythingUpToSyncIsDiscarded() throws IOException {
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(RawPgClient.parseBindExecute("DELETE FROM t"), RawPgClient.parseBindExecute("SELECT 1"),
                    message('S', new byte[0])));
            assertThat(client.readUntilReady()).extracting(Message::type).containsExactly('E', 'Z');
            client.sendRaw(concat(RawPgClient.parseBindExecute("SELECT 5"), message('S', new byte[0])));
            assertThat(client.readUntilReady()).extracting(Message::type).containsExactly('1', '2', 'D', 'C', 'Z');
        }
        assertThat(productionState()).isEqualTo(before);
    }

    @Test
    void aRefusalInTheMiddleOfAPipelineKeepsResponsesInOrder() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(RawPgClient.parseBindExecute("SELECT 1"), RawPgClient.parseBindExecute("UPDATE t SET v = 'x'"),
                    RawPgClient.parseBindExecute("SELECT 2"), message('S', new byte[0])));
            List<Message> replies = client.readUntilReady();
            assertThat(replies).extracting(Message::type).containsExactly('1', '2', 'D', 'C', 'E', 'Z');
            assertThat(replies.get(4).sqlState()).isEqualTo("25006");
        }
    }
}
