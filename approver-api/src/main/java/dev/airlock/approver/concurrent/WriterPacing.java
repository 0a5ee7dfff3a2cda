package dev.airlock.approver.concurrent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a log's writer thread waits for records without waking on every record and without polling
 * while nothing happens. While records arrive the writer pauses a fixed gathering time between
 * looks at its queue, so it writes fewer, larger batches and the threads that queue records (event
 * loops) never wake it. Once its looks have found nothing for {@code quietBeforeSleep} it sleeps
 * until a record is queued. Queuing costs one volatile read, and one wake-up for the first record
 * after a quiet stretch: an idle Airlock's log writers make no wake-ups at all (polling every 10
 * and 20 ms, they made 150 a second).
 *
 * <p>A writer thread calls {@link #pause}; the threads that queue records call {@link #queued}
 * after queuing; whoever stops the writer makes its {@code hasWork} true and then unparks it.
 */
public final class WriterPacing {
    private final long gatherNanos;
    private final int quietLooks;
    /** The writer while it sleeps until a record is queued; null otherwise. */
    private volatile Thread sleeping;
    private int quietInARow;

    public WriterPacing(Duration gather, Duration quietBeforeSleep) {
        if (gather.isNegative() || gather.isZero() || quietBeforeSleep.compareTo(gather) < 0) {
            throw new IllegalArgumentException("pacing needs a positive gathering time and at least that long a quiet");
        }
        this.gatherNanos = gather.toNanos();
        this.quietLooks = (int) Math.min(Integer.MAX_VALUE, quietBeforeSleep.toNanos() / gatherNanos);
    }

    /** After a record is queued: wakes the writer if it is sleeping. */
    public void queued() {
        Thread writer = sleeping;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * The writer, before its next look at the queue: {@code lastLookFound} says whether its previous
     * look found records. Pauses the gathering time, or, after enough quiet looks, until
     * {@code hasWork} (records queued, or the writer told to stop) is true.
     *
     * @throws InterruptedException when the writer is interrupted
     */
    public void pause(boolean lastLookFound, BooleanSupplier hasWork) throws InterruptedException {
        quietInARow = lastLookFound ? 0 : quietInARow + 1;
        if (quietInARow < quietLooks) {
            LockSupport.parkNanos(this, gatherNanos);
        } else {
            sleepUntil(hasWork);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void sleepUntil(BooleanSupplier hasWork) {
        // Announce the sleep before the last look: a record queued after that look sees the
        // announcement and unparks (a permit a later park consumes at once).
        sleeping = Thread.currentThread();
        try {
            while (!hasWork.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                LockSupport.park(this);
            }
        } finally {
            sleeping = null;
        }
        quietInARow = 0;
    }
}
