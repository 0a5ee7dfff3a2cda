package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading a large result holds production back instead of filling Airlock's
 * memory: Airlock stops reading from production while the client is behind, so the backend waits
 * to write, and every row still arrives, in order, once the client reads again.
 */
class SlowReaderIT {
    private static final int ROWS = 400_000;
    private static final int ROW_WIDTH = 500;
    private static final String MARKER = "slow_reader";
    /** The backend runs the COPY and is blocked sending it. */
    private static final String BLOCKED_WRITING = "state = 'active' AND wait_event = 'ClientWrite'";

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA, Map.of());
    private static final TestProduction production = TestProduction.get();

    @Test
    void productionWaitsForAClientThatStopsReadingAndEveryRowArrivesAfterwards() throws Exception {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA)) {
            // About 200 MB: far more than the socket buffers and Airlock's write limits hold.
            client.query("COPY (SELECT g, repeat('x', " + ROW_WIDTH + ") AS " + MARKER + " FROM generate_series(1, "
                    + ROWS + ") g) TO STDOUT");
            assertThat(client.read().type()).as("CopyOutResponse").isEqualTo('H');

            production.awaitReadOnlySessions(TestProduction.PAGILA, MARKER, BLOCKED_WRITING, 1);
            Thread.sleep(2_000);
            assertThat(production.readOnlySessions(TestProduction.PAGILA, MARKER, BLOCKED_WRITING))
                    .as("the backend still waits to write after 2 s").isEqualTo(1);

            int rows = 0;
            RawPgClient.Message message = client.read();
            while (message.type() == 'd') {
                rows++;
                String row = new String(message.body(), StandardCharsets.US_ASCII);
                assertThat(row.substring(0, row.indexOf('\t'))).as("row %d", rows).isEqualTo(Integer.toString(rows));
                message = client.read();
            }
            assertThat(rows).isEqualTo(ROWS);
            assertThat(message.type()).as("CopyDone").isEqualTo('c');
            assertThat(client.readUntilReady()).extracting(RawPgClient.Message::type).containsExactly('C', 'Z');
        }
    }
}
