package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that disappear without a word: in the middle of a query, of a large COPY, of an open
 * transaction, or of the TLS handshake. Nothing of theirs may linger: no statement running on
 * production, no transaction held open there, no client connection in Airlock.
 */
class VanishingClientsIT {
    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA,
            Map.of(Setting.LIMITS_AUTHENTICATION_TIMEOUT, Duration.ofSeconds(2)));
    private static final TestProduction production = TestProduction.get();

    @AfterEach
    void nothingOfTheClientIsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (airlock.server().connectedClients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(airlock.server().connectedClients()).as("client connections left in Airlock").isZero();
    }

    @Test
    void aQueryWhoseClientVanishedIsCancelledOnProduction() throws Exception {
        RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA);
        client.query("SELECT pg_sleep(30) AS vanish_mid_query");
        production.awaitReadOnlySessions(TestProduction.PAGILA, "vanish_mid_query", "state = 'active'", 1);
        client.close();
        production.awaitReadOnlySessions(TestProduction.PAGILA, "vanish_mid_query", "state = 'active'", 0);
    }

    @Test
    void aCopyWhoseClientVanishedStopsOnProduction() throws Exception {
        RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA);
        client.query("COPY (SELECT g, repeat('x', 500) AS vanish_mid_copy FROM generate_series(1, 5000000) g) TO STDOUT");
        for (int i = 0; i < 20; i++) {
            client.read();
        }
        client.close();
        production.awaitReadOnlySessions(TestProduction.PAGILA, "vanish_mid_copy", "state = 'active'", 0);
    }

    @Test
    void anOpenTransactionWhoseClientVanishedIsRolledBackOnProduction() throws Exception {
        RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA);
        client.query("BEGIN");
        client.readUntilReady();
        client.query("SELECT count(*) AS vanish_in_transaction FROM film");
        client.readUntilReady();
        production.awaitReadOnlySessions(TestProduction.PAGILA, "vanish_in_transaction",
                "state = 'idle in transaction'", 1);
        client.close();
        production.awaitReadOnlySessions(TestProduction.PAGILA, "vanish_in_transaction",
                "state = 'idle in transaction'", 0);
    }

    @Test
    void aClientThatVanishesOrFallsSilentInTheTlsHandshakeIsGone() throws Exception {
        try (Socket vanishing = sslRequest(); Socket silent = sslRequest()) {
            vanishing.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
            vanishing.close();
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).as("closed by the authentication timeout").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }

    private static Socket sslRequest() throws IOException {
        Socket socket = new Socket("127.0.0.1", airlock.port());
        socket.getOutputStream().write(RawPgClient.concat(RawPgClient.int32(8), RawPgClient.int32(80877103)));
        InputStream in = socket.getInputStream();
        assertThat(in.read()).as("TLS offered").isEqualTo('S');
        return socket;
    }
}
