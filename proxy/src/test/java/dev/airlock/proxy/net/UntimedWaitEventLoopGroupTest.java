package dev.airlock.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UntimedWaitEventLoopGroupTest {
    private static final String THREAD_NAME = "untimed-wait";

    private EventLoopGroup group;
    private EventLoop loop;

    @BeforeEach
    void startLoop() {
        assumeTrue(Transport.IO_URING.isAvailable(), "io_uring is not available here");
        group = Transport.IO_URING.eventLoopGroup(THREAD_NAME, 1);
        loop = group.next();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdleLoopDoesNotWakeUp() throws Exception {
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        long before = contextSwitches();
        Thread.sleep(2_500);
        assertThat(contextSwitches() - before).as("times the idle loop woke up").isZero();
    }

    @Test
    void aTaskScheduledFromAnotherThreadOnAnIdleLoopRunsOnTime() throws Exception {
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        long start = System.nanoTime();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        loop.schedule(() -> ran.complete(System.nanoTime()), 100, TimeUnit.MILLISECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(ran.get(5, TimeUnit.SECONDS) - start);
        assertThat(elapsedMillis).isBetween(100L, 900L);
    }

    @Test
    void aTaskScheduledOnTheLoopItselfRunsOnTime() throws Exception {
        CompletableFuture<Long> ran = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.execute(() -> loop.schedule(() -> ran.complete(System.nanoTime()), 100, TimeUnit.MILLISECONDS));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(ran.get(5, TimeUnit.SECONDS) - start);
        assertThat(elapsedMillis).isBetween(100L, 900L);
    }

    @Test
    void aCancelledTaskLeavesTheLoopIdle() throws Exception {
        loop.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        long before = contextSwitches();
        Thread.sleep(2_500);
        assertThat(contextSwitches() - before).as("times the idle loop woke up").isZero();
    }

    /** Voluntary context switches of the loop's thread so far: one per wake-up from a wait. */
    private static long contextSwitches() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            Path task = tasks.filter(path -> readQuietly(path.resolve("comm")).startsWith(THREAD_NAME))
                    .findFirst().orElseThrow(() -> new AssertionError("no thread named " + THREAD_NAME));
            return Files.readAllLines(task.resolve("status")).stream()
                    .filter(line -> line.startsWith("voluntary_ctxt_switches:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
