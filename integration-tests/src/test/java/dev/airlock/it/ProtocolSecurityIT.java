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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and malformed protocol traffic gets the right SQLSTATE, and nothing it attempts reaches
 * production: every test that tries to write checks the corpus fixture table afterwards.
 */
class ProtocolSecurityIT {
    private static final String PRODUCTION_STATE = "SELECT (SELECT string_agg(id || ':' || v, ',' ORDER BY id) FROM t)"
            + " || '|' || (SELECT count(*) FROM audit_sink) || '|' || (SELECT last_value FROM s)";
    private static TestAirlock airlock;
    private static TestProduction production;

    @BeforeAll
    static void start() {
        production = TestProduction.get();
        airlock = TestAirlock.start(TestProduction.CORPUS, Map.of(
                Setting.LIMITS_MAX_MESSAGE_SIZE, 64L * 1024,
                Setting.LIMITS_AUTHENTICATION_TIMEOUT, Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
    }

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
    @ValueSource(strings = {"options=-c default_transaction_read_only=off:08P01",
            "options=--default_transaction_read_only=off:08P01", "default_transaction_read_only=off:08P01",
            "replication=true:0A000", "replication=database:0A000", "replication=on:0A000", "replication=1:0A000",
            "replication=TRUE:0A000", "client_encoding=SJIS:08P01", "client_encoding=LATIN1:08P01",
            "search_path=evil:08P01", "_pq_.unknown=1:08P01", "session_authorization=postgres:08P01"})
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
    void aRepeatedUserIsRefused() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus", "user", "postgres")) {
            assertFatal(client.read(), "08P01");
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
    void anOversizedStartupPacketIsRefused() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendRaw(concat(int32(10_001), int32(196608)));
            assertFatal(client.read(), "08P01");
        }
    }

    @Test
    void directTlsBytesAreAProtocolViolation() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xf5, 0x01, 0x00, 0x00});
            assertFatal(client.read(), "08P01");
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
    void anUnknownCancelKeyIsDroppedSilently() throws IOException {
        try (RawPgClient client = RawPgClient.connect(airlock.port())) {
            client.sendRaw(concat(int32(16), int32((1234 << 16) | 5678), int32(12345), int32(67890)));
            assertThat(client.isClosedByServer()).isTrue();
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
    void cleartextPasswordsAreNotAccepted() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus")) {
            assertThat(client.read().type()).isEqualTo('R');
            client.send('p', cstring(TestAirlock.APPLICATION_PASSWORD));
            assertFatal(client.read(), "28000");
        }
    }

    @Test
    void channelBindingWithoutTlsIsRefused() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus")) {
            assertThat(client.read().type()).isEqualTo('R');
            byte[] first = "p=tls-server-end-point,,n=,r=abcdefghijklmnop".getBytes();
            client.send('p', concat(cstring("SCRAM-SHA-256-PLUS"), int32(first.length), first));
            assertFatal(client.read(), "08P01");
        }
    }

    @Test
    void authorizationIdentitiesAreNotSupported() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus")) {
            assertThat(client.read().type()).isEqualTo('R');
            byte[] first = "n,a=postgres,n=,r=abcdefghijklmnop".getBytes();
            client.send('p', concat(cstring("SCRAM-SHA-256"), int32(first.length), first));
            assertFatal(client.read(), "0A000");
        }
    }

    @Test
    void aReplayedOrForeignNonceFails() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus")) {
            assertThat(client.read().type()).isEqualTo('R');
            byte[] first = "n,,n=,r=clientnonce123".getBytes();
            client.send('p', concat(cstring("SCRAM-SHA-256"), int32(first.length), first));
            assertThat(client.read().type()).isEqualTo('R');
            client.send('p', "c=biws,r=clientnonce123someoneelse,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes());
            assertFatal(client.read(), "28P01");
        }
    }

    @Test
    void hugeAuthenticationMessagesAreRefused() throws IOException {
        try (RawPgClient client = startup("user", "app", "database", "corpus")) {
            assertThat(client.read().type()).isEqualTo('R');
            client.sendRaw(concat(new byte[] {'p'}, int32(70_000)));
            assertFatal(client.read(), "08P01");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 0x7fffffff})
    void lyingLengthsCloseTheConnection(int length) throws IOException {
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
    void anUnknownMessageTypeIsFatal() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.send('z', new byte[0]);
            assertFatal(client.read(), "08P01");
        }
    }

    @Test
    void anEmbeddedNulIsRefusedAndNothingRuns() throws IOException {
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.send('Q', concat(cstring("SELECT 1"), cstring("DELETE FROM t")));
            assertThat(client.readError().sqlState()).isEqualTo("08P01");
            client.query("SELECT 1");
            assertThat(client.readError()).isNull();
        }
        assertThat(productionState()).isEqualTo(before);
    }

    @Test
    void twoMessagesFramedByTheirLengthsAreDecidedSeparately() throws IOException {
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(message('Q', cstring("SELECT 1")), message('Q', cstring("DELETE FROM t"))));
            assertThat(client.readError()).isNull();
            assertThat(client.readError().sqlState()).isEqualTo("25006");
        }
        assertThat(productionState()).isEqualTo(before);
    }

    @Test
    void theFunctionCallMessageIsRefused() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            byte[] call = concat(int32(2078), int16(0), int16(3), int32(29), "default_transaction_read_only".getBytes(),
                    int32(3), "off".getBytes(), int32(5), "false".getBytes(), int16(0));
            client.send('F', call);
            assertThat(client.readError().sqlState()).isEqualTo("0A000");
            client.query("SHOW default_transaction_read_only");
            assertThat(client.readUntilReady()).anyMatch(m -> m.type() == 'D' && m.text().endsWith("on"));
        }
    }

    @Test
    void aReparsedUnnamedStatementIsDecidedAgain() throws IOException {
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(message('P', concat(cstring(""), cstring("SELECT 1"), int16(0))),
                    RawPgClient.parseBindExecute("DELETE FROM t"), message('S', new byte[0])));
            List<Message> replies = client.readUntilReady();
            assertThat(replies).extracting(Message::type).containsExactly('1', 'E', 'Z');
            assertThat(replies.get(1).sqlState()).isEqualTo("25006");
        }
        assertThat(productionState()).isEqualTo(before);
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

    @Test
    void multipleStatementsInOneParseAreRefused() throws IOException {
        String before = productionState();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(RawPgClient.parseBindExecute("SELECT 1; DELETE FROM t"), message('S', new byte[0])));
            assertThat(client.readError().sqlState()).isEqualTo("42601");
        }
        assertThat(productionState()).isEqualTo(before);
    }

    @Test
    void bindingAStatementThatWasNeverPreparedIsRefused() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(message('B', concat(cstring(""), cstring("s_prepared_yesterday"), int16(0), int16(0), int16(0))),
                    message('E', concat(cstring(""), int32(0))), message('S', new byte[0])));
            assertThat(client.readError().sqlState()).isEqualTo("26000");
        }
    }

    @Test
    void aMalformedBindIsAProtocolError() throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), "corpus")) {
            client.sendRaw(concat(message('P', concat(cstring("s1"), cstring("SELECT $1::int"), int16(0))),
                    message('B', concat(cstring(""), cstring("s1"), int16(0), int16(1), int32(-2), int16(0))),
                    message('S', new byte[0])));
            List<Message> replies = client.readUntilReady();
            assertThat(replies).extracting(Message::type).containsExactly('1', 'E', 'Z');
            assertThat(replies.get(1).sqlState()).isEqualTo("08P01");
        }
    }
}
