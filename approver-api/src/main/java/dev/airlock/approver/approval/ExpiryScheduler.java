package dev.airlock.approver.approval;

import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.store.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}, moves PENDING and NEEDS_REAPPROVAL changes past their expiry to EXPIRED,
 * then runs {@code afterSweep} (the executor's retry of changes left APPROVED). Several instances
 * may sweep the same store: the version check lets one of them record each expiry, the others'
 * attempts are conflicts and are ignored.
 */
public final class ExpiryScheduler implements AutoCloseable {
    public static final String ACTOR = "airlock-expiry";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryScheduler.class);

    private final ChangeRepository changes;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public ExpiryScheduler(ChangeRepository changes, Clock clock, Duration interval, Runnable afterSweep) {
        this.changes = changes;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "airlock-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
                afterSweep.run();
            } catch (RuntimeException e) {
                LOG.warn("expiry sweep failed, trying again in {} ms: {}", millis, e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Expires what is due now; returns how many changes this call expired. */
    public int sweep() {
        int expired = 0;
        for (UUID id : changes.expiredBefore(clock.instant())) {
            ChangeRequest change = changes.find(id).orElse(null);
            if (change == null || !change.state().canMoveTo(ChangeState.EXPIRED)) {
                continue;
            }
            try {
                changes.move(id, change.version(), StateChange.to(ChangeState.EXPIRED, ACTOR,
                        "not approved before " + change.expiresAt()));
                expired++;
            } catch (ConcurrentChangeException | IllegalTransitionException e) {
                LOG.debug("change {} moved while expiring it: {}", id, e.getMessage());
            }
        }
        return expired;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
