package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.gate.StructureCheck.Outcome;
import dev.airlock.proxy.lexer.Lexer;
import dev.airlock.proxy.lexer.Token;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement that runs out of time only because the parser is slow right now (cold, or just
 * deoptimised) is parsed on its second try; on a parser at its usual pace, and for a pathological
 * statement at any pace, the limit holds. The parser's slowness is played by a reference "parse"
 * that burns more CPU after its first run, so {@link ParserPace} measures a real slowdown. The
 * pathological statement is deeply nested parentheses, whose parse time grows with the cube of the
 * depth (800 levels took JSqlParser 0.5 s): a stretched limit does not let it through.
 */
class ParserPaceTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<Token> WIDE = Lexer.tokenize("SELECT "
            + IntStream.range(0, 12_000).mapToObj(i -> "c" + i).collect(Collectors.joining(", ")) + " FROM t", true);
    /** A limit the wide statement needs about three times over on a warm parser. */
    private static Duration limit;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @BeforeAll
    static void measureTheWideStatement() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1);
        StructureCheck unbounded = new StructureCheck(Duration.ofSeconds(30), watchdog);
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < 8; run++) {
            long started = THREADS.getCurrentThreadCpuTime();
            assertThat(unbounded.check(WIDE)).isEqualTo(Outcome.QUERY);
            fastest = Math.min(fastest, THREADS.getCurrentThreadCpuTime() - started);
        }
        watchdog.shutdownNow();
        limit = Duration.ofNanos(Math.max(fastest / 3, Duration.ofMillis(15).toNanos()));
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void aStatementSlowOnlyBecauseTheParserIsSlowNowIsParsedOnItsSecondTry() {
        StructureCheck structure = new StructureCheck(limit, scheduler, slowingPace(Duration.ofMillis(20)));
        assertThat(structure.check(WIDE)).isEqualTo(Outcome.QUERY);
    }

    @Test
    void onAParserAtItsUsualPaceTheLimitHolds() {
        StructureCheck structure = new StructureCheck(limit, scheduler, steadyPace(Duration.ofMillis(2)));
        assertThat(structure.check(WIDE)).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void aPathologicalStatementRunsOutOfTimeOnASlowParserToo() {
        StructureCheck structure = new StructureCheck(Duration.ofMillis(50), scheduler, slowingPace(Duration.ofMillis(20)));
        long started = System.nanoTime();
        List<Token> nested = Lexer.tokenize("SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000), true);
        assertThat(structure.check(nested)).isEqualTo(Outcome.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theSlowdownIsAgainstTheFastestParseMeasured() {
        ParserPace pace = slowingPace(Duration.ofMillis(5));
        assertThat(pace.slowdown()).isGreaterThan(10);
        ParserPace steady = steadyPace(Duration.ofMillis(5));
        assertThat(steady.slowdown()).isBetween(1.0, 2.0);
    }

    /**
     * A pace whose reference parse was measured once, as the warm-up does, while nearly free, and
     * then takes {@code later}.
     */
    private static ParserPace slowingPace(Duration later) {
        AtomicInteger runs = new AtomicInteger();
        ParserPace pace = new ParserPace("reference", text -> runs.getAndIncrement() == 0 ? 0 : burn(later));
        pace.measure();
        return pace;
    }

    /** A pace whose reference parse was measured once, as the warm-up does, and always takes {@code each}. */
    private static ParserPace steadyPace(Duration each) {
        ParserPace pace = new ParserPace("reference", text -> burn(each));
        pace.measure();
        return pace;
    }

    private static long burn(Duration cpu) {
        long until = THREADS.getCurrentThreadCpuTime() + cpu.toNanos();
        long spins = 0;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            spins++;
        }
        return spins;
    }
}
