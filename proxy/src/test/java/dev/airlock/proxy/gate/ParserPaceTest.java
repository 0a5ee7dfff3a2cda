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
    /**
     * The JIT goes on speeding the parser up for dozens of parses of the wide statement (the
     * fastest of the first eight took 45, 47 and 84 ms in three JVMs; all three later parsed it in
     * 45 to 47 ms), so the fastest is taken once ten parses in a row have not beaten it by a tenth.
     * Had the first parses all been three times the warm time, the limit would have let the warm
     * parser through and "the limit holds" would have failed.
     */
    private static final int RUNS_WITHOUT_GAIN = 10;
    private static final int MAX_WARM_UP_RUNS = 100;
    /** The least CPU time the wide statement's parse has taken. */
    private static long fastestWideNanos;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @BeforeAll
    static void measureTheWideStatement() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1);
        StructureCheck unbounded = new StructureCheck(Duration.ofSeconds(30), watchdog);
        long fastest = Long.MAX_VALUE;
        int runsSinceFaster = 0;
        for (int run = 0; run < MAX_WARM_UP_RUNS && runsSinceFaster < RUNS_WITHOUT_GAIN; run++) {
            long started = THREADS.getCurrentThreadCpuTime();
            assertThat(unbounded.check(WIDE)).isEqualTo(Outcome.QUERY);
            long nanos = THREADS.getCurrentThreadCpuTime() - started;
            runsSinceFaster = nanos < fastest * 0.9 ? 0 : runsSinceFaster + 1;
            fastest = Math.min(fastest, nanos);
        }
        watchdog.shutdownNow();
        fastestWideNanos = fastest;
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void aStatementSlowOnlyBecauseTheParserIsSlowNowIsParsedOnItsSecondTry() {
        StructureCheck structure = new StructureCheck(limitNeeded(1.5), scheduler, slowingPace(Duration.ofMillis(20)));
        assertThat(structure.check(WIDE)).isEqualTo(Outcome.QUERY);
    }

    @Test
    void onAParserAtItsUsualPaceTheLimitHolds() {
        StructureCheck structure = new StructureCheck(limitNeeded(3), scheduler, steadyPace(Duration.ofMillis(2)));
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
     * A limit the wide statement needs {@code times} over on a warm parser. The retry of a statement
     * slow only because the parser is slow gets ten times the limit, and it runs on a parser the
     * first try's interruption has just deoptimised: that parse took up to 4.3 times the warm one
     * here, so that test's limit is the warm parse over 1.5 (6.7 times it on the retry).
     */
    private static Duration limitNeeded(double times) {
        return Duration.ofNanos(Math.max((long) (fastestWideNanos / times), Duration.ofMillis(15).toNanos()));
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
