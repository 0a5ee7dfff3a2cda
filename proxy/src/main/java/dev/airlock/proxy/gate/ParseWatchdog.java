package dev.airlock.proxy.gate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sf.jsqlparser.parser.CCJSqlParser;

/**
 * Bounds the work JSqlParser may spend on a statement. Parses in flight are registered, each with
 * its limit; one task, every {@value #TICK_MILLIS} ms while any parse is in flight (and never
 * otherwise: an idle or fully cached gate does not wake a thread), sets the interrupt flag (which
 * JSqlParser checks as it goes) of any parse whose thread has used more CPU time than its limit, or
 * that has run thirty times its limit by the clock (a backstop only: a loaded machine deschedules
 * threads for far longer than the limit). CPU time, not wall time, is the measure: on a busy
 * machine a parse can be descheduled for longer than the limit without doing anything
 * pathological, and refusing it for that would be wrong. Registering costs a set insertion, not a
 * scheduled task per parse.
 */
final class ParseWatchdog {
    private static final long TICK_MILLIS = 5;
    private static final int WALL_CLOCK_FACTOR = 30;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Watched(CCJSqlParser parser, long limitNanos, long threadId, long startNanos, long startCpuNanos) {
    }

    private final Set<Watched> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    /** True while a tick is scheduled; only the thread that sets it schedules one. */
    private final AtomicBoolean ticking = new AtomicBoolean();

    ParseWatchdog(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Watches a parse on this thread until {@link #done}; returns the handle to pass to it. */
    Object watch(CCJSqlParser parser, Duration limit) {
        Watched watched = new Watched(parser, limit.toNanos(), Thread.currentThread().getId(), System.nanoTime(),
                THREADS.getCurrentThreadCpuTime());
        inFlight.add(watched);
        startTicking();
        return watched;
    }

    void done(Object watched) {
        inFlight.remove(watched);
    }

    private void startTicking() {
        if (ticking.compareAndSet(false, true)) {
            scheduler.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Checks the parses in flight, then ticks again while there are any. A parse registered just as
     * the ticks stop finds {@link #ticking} still set and schedules nothing, so the set is looked at
     * once more after clearing it.
     */
    private void tick() {
        interruptOverdue();
        if (!inFlight.isEmpty()) {
            scheduler.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        ticking.set(false);
        if (!inFlight.isEmpty()) {
            startTicking();
        }
    }

    private void interruptOverdue() {
        long now = System.nanoTime();
        for (Watched watched : inFlight) {
            long elapsed = now - watched.startNanos;
            if (elapsed <= watched.limitNanos) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(watched.threadId) - watched.startCpuNanos;
            if (cpu > watched.limitNanos || elapsed > watched.limitNanos * WALL_CLOCK_FACTOR) {
                watched.parser.interrupted = true;
            }
        }
    }
}
