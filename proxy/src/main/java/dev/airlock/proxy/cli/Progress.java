package dev.airlock.proxy.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * How far a long command has got, on standard error, for a person at a terminal: "verified 120,000
 * of 1,000,000 records (12%)", redrawn in place at most five times a second and cleared at the end.
 * Without a terminal (a script, a pipe) it prints nothing, so output stays parseable.
 */
final class Progress implements LongConsumer, AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String verb;
    private final long total;
    private long drawnAt;
    private boolean drawn;

    private Progress(PrintStream out, String verb, long total) {
        this.out = out;
        this.verb = verb;
        this.total = total;
    }

    /** Progress towards {@code total} records, shown only when a terminal is attached. */
    static Progress of(String verb, long total) {
        return new Progress(System.console() == null ? null : System.err, verb, total);
    }

    @Override
    public void accept(long done) {
        long now = System.nanoTime();
        if (out == null || drawn && now - drawnAt < REDRAW_NANOS) {
            return;
        }
        drawnAt = now;
        drawn = true;
        out.print(String.format(Locale.ROOT, "\r%s %,d of %,d records (%d%%)   ", verb, done, total,
                total == 0 ? 100 : Math.min(100, done * 100 / total)));
        out.flush();
    }

    @Override
    public void close() {
        if (out != null && drawn) {
            out.print("\r" + " ".repeat(60) + "\r");
            out.flush();
        }
    }
}
