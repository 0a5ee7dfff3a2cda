package dev.airlock.approver.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class WriterPacingTest {
    private static final Duration GATHER = Duration.ofMillis(1);
    private static final Duration QUIET = Duration.ofMillis(5);

    @Test
    void whileLooksFindRecordsTheWriterOnlyGathers() throws Exception {
        WriterPacing pacing = new WriterPacing(GATHER, QUIET);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    pacing.pause(true, () -> false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        // Fifty gathering pauses of 1 ms; a sleep until work (there is none) would never end.
        writer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(writer.isAlive()).isFalse();
    }

    @Test
    void afterAQuietStretchTheWriterSleepsUntilARecordIsQueued() throws Exception {
        WriterPacing pacing = new WriterPacing(GATHER, QUIET);
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                while (queue.isEmpty()) {
                    pacing.pause(false, () -> !queue.isEmpty());
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        awaitState(writer, Thread.State.WAITING);
        // Asleep without a timeout: it stays so, whatever time passes, until a record is queued.
        Thread.sleep(50);
        assertThat(writer.getState()).isEqualTo(Thread.State.WAITING);
        queue.add(1);
        pacing.queued();
        writer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(writer.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }

    @Test
    void noRecordIsLeftWaitingWhenItsQueuingRacesTheWriterFallingAsleep() throws Exception {
        WriterPacing pacing = new WriterPacing(GATHER, GATHER);
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        int records = 2_000;
        Thread writer = new Thread(() -> {
            int taken = 0;
            boolean found = false;
            try {
                while (taken < records) {
                    pacing.pause(found, () -> !queue.isEmpty());
                    found = false;
                    while (queue.poll() != null) {
                        taken++;
                        found = true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        for (int i = 0; i < records; i++) {
            // Queued at random moments around the writer's 1 ms looks, so some land just as it falls asleep.
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_500_000));
            queue.add(i);
            pacing.queued();
        }
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(writer.isAlive()).as("the writer missed a record and sleeps on").isFalse();
    }

    @Test
    void anInterruptEndsTheSleep() throws Exception {
        WriterPacing pacing = new WriterPacing(GATHER, GATHER);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                pacing.pause(false, () -> false);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        writer.start();
        awaitState(writer, Thread.State.WAITING);
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aGatheringTimeIsNeededAndAQuietStretchOfAtLeastThat() {
        assertThatThrownBy(() -> new WriterPacing(Duration.ZERO, QUIET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriterPacing(QUIET, GATHER)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("%s never became %s", thread, state).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
