package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of Airlock's client side with hostile traffic ({@link FuzzTraffic}) against
 * a real proxy in front of the bypass corpus's database. Whatever arrives, before or after
 * authentication:
 * <ul>
 *   <li>nothing the gate did not let through reaches production: no answer is PostgreSQL's own
 *       refusal of a write in a read-only transaction, no write's command tag comes back, and
 *       production's state (rows, sequences, objects, roles, settings, locks, files) is the same
 *       afterwards;</li>
 *   <li>nobody is authenticated without the password, and every error is a well-formed ErrorResponse;</li>
 *   <li>nothing hangs: a connection that never finishes start-up is closed by the authentication
 *       timeout, every connection is gone once its client is, and Airlock still serves a normal client.</li>
 * </ul>
 * CI runs {@code jqwik.tries.default} cases per property (see junit-platform.properties);
 * {@code stress/fuzz.sh} runs many more.
 */
class ProtocolFuzzIT {
    private static final Duration AUTHENTICATION_TIMEOUT = Duration.ofSeconds(2);
    private static final int QUIET_MILLIS = 250;
    private static final byte[] AUTHENTICATION_OK = {'R', 0, 0, 0, 8, 0, 0, 0, 0};
    private static final Set<String> WRITE_TAGS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP",
            "ALTER", "GRANT", "REVOKE", "TRUNCATE", "CALL", "DO", "VACUUM", "LOCK", "NOTIFY", "LISTEN", "REFRESH");

    private static TestProduction production;
    private static TestAirlock airlock;
    private static String stateBefore;
    private static final List<Socket> unfinished = new ArrayList<>();
    /** How the cases ended, printed after each property so a run says what it exercised. */
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    @BeforeContainer
    static void start() {
        production = TestProduction.get();
        stateBefore = ProductionState.of(production);
        airlock = TestAirlock.start(TestProduction.CORPUS, Map.of(Setting.LIMITS_MAX_MESSAGE_SIZE, 64L * 1024,
                Setting.LIMITS_AUTHENTICATION_TIMEOUT, AUTHENTICATION_TIMEOUT));
    }

    @AfterContainer
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
    }

    @Provide
    Arbitrary<List<byte[]>> sessionTraffic() {
        return FuzzTraffic.sessionTraffic();
    }

    @Provide
    Arbitrary<byte[]> preAuthentication() {
        return FuzzTraffic.preAuthentication();
    }

    @Property
    void hostileTrafficInASessionIsDecidedOnNeverRelayedUnchecked(@ForAll("sessionTraffic") List<byte[]> traffic)
            throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.CORPUS)) {
            byte[] sent = RawPgClient.concat(FuzzTraffic.joined(traffic), RawPgClient.message('S', new byte[0]),
                    RawPgClient.message('Q', RawPgClient.cstring("SELECT 'fuzz-end'")));
            client.sendRaw(sent);
            List<RawPgClient.Message> answers = client.readWhileTalking(QUIET_MILLIS);
            OUTCOMES.merge(outcome(answers), 1, Integer::sum);
            for (RawPgClient.Message answer : answers) {
                String context = "answering " + FuzzTraffic.describe(sent);
                if (answer.type() == 'E') {
                    assertWellFormedError(answer, context);
                    assertThat(answer.fields().get('M')).as(context).doesNotContain("in a read-only transaction");
                }
                if (answer.type() == 'C') {
                    String tag = new String(answer.body(), 0, Math.max(0, answer.body().length - 1), StandardCharsets.UTF_8);
                    assertThat(WRITE_TAGS).as("command tag %s %s", tag, context).doesNotContain(tag.split(" ")[0]);
                }
            }
        }
    }

    @Property
    void hostileTrafficBeforeAuthenticationNeverAuthenticates(@ForAll("preAuthentication") byte[] bytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", airlock.port());
        socket.setSoTimeout(QUIET_MILLIS);
        byte[] answer;
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException closedAlready) {
            // the server may close before everything is written; what it answered is read below
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed = read(socket.getInputStream(), received);
        answer = received.toByteArray();
        String context = "answering " + FuzzTraffic.describe(bytes) + " with " + FuzzTraffic.describe(answer);
        OUTCOMES.merge(closed ? "start-up: closed by Airlock at once" : "start-up: left to the authentication timeout", 1,
                Integer::sum);
        assertThat(indexOf(answer, AUTHENTICATION_OK)).as(context).isNegative();
        assertThat(indexOf(answer, new byte[] {'Z', 0, 0, 0, 5})).as(context).isNegative();
        if (closed) {
            socket.close();
        } else {
            unfinished.add(socket);
        }
    }

    /** After each property: nothing changed on production, nothing left hanging, and Airlock still serves. */
    @AfterProperty
    void nothingChangedNothingHangsAirlockStillServes() throws Exception {
        System.out.println("fuzz cases by outcome: " + OUTCOMES);
        OUTCOMES.clear();
        long deadline = System.nanoTime() + AUTHENTICATION_TIMEOUT.plusSeconds(10).toNanos();
        for (Socket socket : unfinished) {
            socket.setSoTimeout(1_000);
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                closed = read(socket.getInputStream(), new ByteArrayOutputStream());
            }
            assertThat(closed).as("a connection that never finished start-up is closed by the authentication timeout")
                    .isTrue();
            socket.close();
        }
        unfinished.clear();
        while (airlock.server().connectedClients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(airlock.server().connectedClients()).as("client connections left open").isZero();
        assertThat(ProductionState.of(production)).isEqualTo(stateBefore);
        try (Connection connection = airlock.connect(); ResultSet rows = connection.createStatement()
                .executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(10);
        }
    }

    /** How a session case ended, for the run's statistics. */
    private static String outcome(List<RawPgClient.Message> answers) {
        boolean fatal = answers.stream().anyMatch(m -> m.type() == 'E' && "FATAL".equals(m.severity()));
        boolean refused = answers.stream().anyMatch(m -> m.type() == 'E' && !"FATAL".equals(m.severity()));
        boolean end = answers.stream().anyMatch(m -> m.type() == 'D' && m.text().contains("fuzz-end"));
        return (fatal ? "closed with FATAL" : end ? "session usable to the end" : "waiting for more bytes")
                + (refused ? ", with errors" : "");
    }

    private static void assertWellFormedError(RawPgClient.Message error, String context) {
        Map<Character, String> fields = error.fields();
        assertThat(fields.get('S')).as(context).isIn("ERROR", "FATAL");
        assertThat(fields.get('C')).as(context).hasSize(5);
        assertThat(fields.get('M')).as(context).isNotBlank();
    }

    /** Reads until the peer closes (true) or is quiet for the socket's timeout (false). */
    private static boolean read(InputStream in, ByteArrayOutputStream into) {
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                into.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
