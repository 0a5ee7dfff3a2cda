package dev.airlock.proxy.gate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * How fast JSqlParser runs now, against the fastest it has run: the CPU time of parsing one fixed
 * reference statement, compared with the least that parse has ever taken. A parser that the JIT
 * has not compiled yet, or has just deoptimised, parses everything several times slower; a
 * pathological statement is slow on a fast parser. The parse limit is meant for the second, so
 * {@link StructureCheck} stretches it by this factor before it refuses a statement for time.
 */
final class ParserPace {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SAMPLES = 3;

    private final String reference;
    private final Function<String, ?> parse;
    private final AtomicLong fastestNanos = new AtomicLong(Long.MAX_VALUE);

    /** {@code parse} parses a text and throws if it cannot; {@code reference} must parse. */
    ParserPace(String reference, Function<String, ?> parse) {
        this.reference = reference;
        this.parse = parse;
    }

    /** Parses the reference once on this thread and remembers its time if it is the fastest yet. */
    long measure() {
        long started = THREADS.getCurrentThreadCpuTime();
        parse.apply(reference);
        long nanos = Math.max(1, THREADS.getCurrentThreadCpuTime() - started);
        fastestNanos.accumulateAndGet(nanos, Math::min);
        return nanos;
    }

    /**
     * How many times slower than its fastest the parser is now, at least 1; 1 also before anything
     * was measured, so an unmeasured parser gets no more time. "Now" is the fastest of
     * {@value #SAMPLES} parses: one parse in a hundred on a warm parser took 17 times its usual time
     * or more, while a cold or deoptimised parser is slow on every parse.
     */
    double slowdown() {
        long fastest = fastestNanos.get();
        long now = Long.MAX_VALUE;
        for (int sample = 0; sample < SAMPLES; sample++) {
            now = Math.min(now, measure());
        }
        return fastest == Long.MAX_VALUE ? 1 : Math.max(1, (double) now / fastest);
    }
}
