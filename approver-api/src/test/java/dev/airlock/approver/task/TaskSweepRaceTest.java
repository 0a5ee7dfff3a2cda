package dev.airlock.approver.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.store.Store;
import dev.airlock.approver.support.Planes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The sweep reloads running tasks from the store while tasks start and end on other threads. A
 * task ended while a sweep was reading must not come back (its credential would log in again), and
 * a task started while a sweep was reading must not be dropped (its credential would be refused).
 * A sweep every millisecond keeps one reading almost all the time.
 */
class TaskSweepRaceTest {
    private static final int TASKS = 150;

    @Test
    void startsAndEndsDuringSweepsHold() {
        try (Store store = Store.open(Planes.h2(), Clock.systemUTC());
             Tasks tasks = new Tasks(store.tasks(), new TaskSettings(Duration.ofHours(1), Duration.ofHours(8),
                     "127.0.0.1", 6432, "app", "disable"), List.of(new AgentProfile(Planes.AGENT, "ops@airlock.test")),
                     Clock.systemUTC(), event -> true, task -> { }, Duration.ofMillis(1))) {
            for (int i = 0; i < TASKS; i++) {
                String id = tasks.start(new TaskRequest(Planes.AGENT, "race " + i, TaskFacts.Scope.EMPTY,
                        Optional.empty()), "test").task().id();
                assertThat(tasks.active(id)).as("task %d right after it started", i).isPresent();
                assertThat(tasks.end(id, "done", "test")).isTrue();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                while (System.nanoTime() < until) {
                    assertThat(tasks.active(id)).as("task %d after it ended", i).isEmpty();
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
                assertThat(tasks.hasEnded(id)).isTrue();
            }
        }
    }
}
