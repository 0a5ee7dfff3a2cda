package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.airlock.proxy.agent.ControlPlaneLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading holds production back instead of filling Airlock's memory. In the
 * middle of a large result: Airlock stops reading from production while the client is behind, so
 * the backend's COPY stops advancing and waits to write, Airlock's network buffers stay small, and
 * every row still arrives, in order, once the client reads again. Sending query after query
 * meanwhile: production stops reading them once its replies back up, Airlock then stops reading the
 * client, and what the client goes on sending waits in its own socket.
 */
class SlowReaderIT {
    private static final int ROWS = 400_000;
    private static final int ROW_WIDTH = 500;
    private static final String MARKER = "slow_reader";
    /** The backend runs its statement and is blocked sending the result. */
    private static final String BLOCKED_WRITING = "state = 'active' AND wait_event = 'ClientWrite'";
    /**
     * Rows production's COPY has sent so far, while its backend waits to write (no row otherwise).
     * A streaming backend also waits now and then, for a moment, when Airlock reads slower than it
     * writes: only a count that stays put tells a held backend from a busy one.
     */
    private static final String ROWS_SENT_WHILE_BLOCKED = "SELECT tuples_processed FROM pg_stat_progress_copy"
            + " JOIN pg_stat_activity USING (pid) WHERE usename = '" + TestProduction.READONLY_ROLE + "' AND "
            + BLOCKED_WRITING + " AND query LIKE '%" + MARKER + "%'";
    private static final Duration STILL_FOR = Duration.ofSeconds(1);
    /**
     * What Airlock's network buffers may grow by for the held COPY: the client's write limit (256 kB),
     * reads under way when reading stopped, and what the buffer allocator keeps for reuse (3 to 6 MB
     * here); the rest waits in the kernel's socket buffers. Reading on regardless (as io_uring's
     * multishot receive did) held 30 to 80 MB.
     */
    private static final long BUFFER_GROWTH_LIMIT = 8 * 1024 * 1024;
    /** Far more queries than the socket buffers between the client and production hold. */
    private static final long FLOOD_LIMIT = 1L << 30;

    private static final TestProduction production = TestProduction.get();
    private static final MeterRegistry metrics = new SimpleMeterRegistry();
    private static TestAirlock airlock;

    @BeforeAll
    static void start() {
        airlock = TestAirlock.start(TestProduction.PAGILA, Map.of(), List.of(), ControlPlaneLink.NONE, metrics);
    }

    @AfterAll
    static void stop() {
        airlock.close();
    }

    @Test
    void productionWaitsForAClientThatStopsReadingAndEveryRowArrivesAfterwards() throws Exception {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA)) {
            double buffersBefore = networkBufferBytes();
            // About 200 MB: far more than the socket buffers and Airlock's write limits hold.
            client.query("COPY (SELECT g, repeat('x', " + ROW_WIDTH + ") AS " + MARKER + " FROM generate_series(1, "
                    + ROWS + ") g) TO STDOUT");
            assertThat(client.read().type()).as("CopyOutResponse").isEqualTo('H');

            long held = awaitStill(SlowReaderIT::rowsSentWhileBlocked, "the rows of a COPY waiting to write");
            assertThat(networkBufferBytes() - buffersBefore).as("growth of Airlock's network buffers while production is held")
                    .isLessThan(BUFFER_GROWTH_LIMIT);
            Thread.sleep(2_000);
            assertThat(rowsSentWhileBlocked()).as("rows production has sent 2 s later, still waiting to write")
                    .isEqualTo(held);

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

    @Test
    void aClientThatSendsQueriesWithoutReadingTheRepliesIsHeldBack() throws Exception {
        byte[] query = RawPgClient.message('Q', RawPgClient.cstring("SELECT repeat('x', 100000) AS " + MARKER));
        AtomicLong sent = new AtomicLong();
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.PAGILA)) {
            Thread sender = new Thread(() -> {
                try {
                    while (sent.get() < FLOOD_LIMIT) {
                        client.sendRaw(query);
                        sent.addAndGet(query.length);
                    }
                } catch (IOException closed) {
                    // the test closed the client
                }
            }, "flooding-client");
            sender.setDaemon(true);
            sender.start();

            long stalledAt = awaitStill(sent::get, "the client's sending");
            assertThat(stalledAt).as("bytes of queries the client could send").isLessThan(FLOOD_LIMIT);
            assertThat(production.readOnlySessions(TestProduction.PAGILA, MARKER, BLOCKED_WRITING))
                    .as("production sessions waiting to write the replies").isEqualTo(1);
        }
    }

    /**
     * The value {@code progress} gave twice, a second apart; null (nothing to measure at that moment)
     * never counts as standing still.
     */
    private static long awaitStill(Supplier<Long> progress, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Long before = progress.get();
        while (System.nanoTime() < deadline) {
            Thread.sleep(STILL_FOR.toMillis());
            Long now = progress.get();
            if (now != null && now.equals(before)) {
                return now;
            }
            before = now;
        }
        return fail("%s never stood still for %s; last seen: %s", what, STILL_FOR, before);
    }

    private static Long rowsSentWhileBlocked() {
        String rows = production.queryValue(TestProduction.PAGILA, ROWS_SENT_WHILE_BLOCKED);
        return rows == null ? null : Long.valueOf(rows);
    }

    /** Direct memory in Airlock's network buffers, from the meter Airlock publishes. */
    private static double networkBufferBytes() {
        return metrics.get("netty.allocator.memory.used").tag("memory.type", "direct").gauge().value();
    }
}
