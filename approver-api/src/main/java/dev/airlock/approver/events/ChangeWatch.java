package dev.airlock.approver.events;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.change.ChangeNotFoundException;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.store.ChangeRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns store events into answers: completes the futures of sessions waiting on a change once it
 * settles (see {@link ChangeState#settled()}), and tells applied-listeners about each change that
 * reached APPLIED, whichever instance applied it. Events are handled on one thread of its own,
 * never the thread that committed; every {@code recheck} interval the waited changes are re-read
 * anyway, so a lost NOTIFY only delays an answer.
 */
public final class ChangeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);
    private static final int REMEMBER_APPLIED = 10_000;

    private final ChangeRepository changes;
    private final ScheduledExecutorService thread;
    private final Map<UUID, List<CompletableFuture<ChangeOutcome>>> waiting = new ConcurrentHashMap<>();
    private final List<Consumer<UUID>> appliedListeners = new CopyOnWriteArrayList<>();
    private final Set<UUID> announced = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBER_APPLIED;
        }
    });

    public ChangeWatch(ChangeRepository changes, Duration recheck) {
        this.changes = changes;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread worker = new Thread(runnable, "airlock-change-watch");
            worker.setDaemon(true);
            return worker;
        });
        long millis = recheck.toMillis();
        thread.scheduleWithFixedDelay(() -> List.copyOf(waiting.keySet()).forEach(this::check), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    /** The store says this change moved (here or on another instance). */
    public void changed(UUID id) {
        if (waiting.containsKey(id) || !appliedListeners.isEmpty()) {
            thread.execute(() -> check(id));
        }
    }

    public CompletableFuture<ChangeOutcome> outcome(UUID id) {
        CompletableFuture<ChangeOutcome> future = new CompletableFuture<>();
        waiting.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(future);
        thread.execute(() -> check(id));
        return future;
    }

    public void addAppliedListener(Consumer<UUID> listener) {
        appliedListeners.add(listener);
    }

    private void check(UUID id) {
        ChangeRequest change;
        try {
            change = changes.find(id).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("cannot read change {} to answer its waiters, trying again later: {}", id, e.getMessage());
            return;
        }
        if (change == null) {
            List<CompletableFuture<ChangeOutcome>> futures = waiting.remove(id);
            if (futures != null) {
                futures.forEach(f -> f.completeExceptionally(new ChangeNotFoundException(id)));
            }
            return;
        }
        if (change.state() == ChangeState.APPLIED && announce(id)) {
            for (Consumer<UUID> listener : appliedListeners) {
                try {
                    listener.accept(id);
                } catch (RuntimeException e) {
                    LOG.warn("an applied-listener failed for change {}", id, e);
                }
            }
        }
        if (change.state().settled() && waiting.containsKey(id)) {
            ChangeOutcome outcome = new ChangeOutcome(id, change.state(), change.reason(), changes.results(id));
            List<CompletableFuture<ChangeOutcome>> futures = waiting.remove(id);
            if (futures != null) {
                new ArrayList<>(futures).forEach(f -> f.complete(outcome));
            }
        }
    }

    private boolean announce(UUID id) {
        synchronized (announced) {
            return announced.add(id);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        waiting.values().forEach(futures -> futures.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the control plane closed before the change settled"))));
        waiting.clear();
    }
}
