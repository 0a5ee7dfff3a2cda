package dev.airlock.approver.metrics;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.Transition;
import dev.airlock.approver.store.ChangeHistoryListener;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.store.StateChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change requests' metrics: how many are in each state (read from the store, so every
 * instance sharing it reports the same; at most once per {@value #COUNTS_FRESH_SECONDS} s), how
 * long reviewers took from filing to the decision, how replays on production ended, and how long
 * filing took (running the change in the sandbox and computing its effect).
 */
public final class ChangeMetrics implements ChangeHistoryListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeMetrics.class);
    private static final long COUNTS_FRESH_SECONDS = 5;

    private record Counts(Instant at, Map<ChangeState, Long> byState) {
    }

    private final ChangeRepository changes;
    private final Clock clock;
    private final AtomicReference<Counts> counts = new AtomicReference<>();
    private final Map<ChangeState, Timer> decisionLatency = new EnumMap<>(ChangeState.class);
    private final Map<ChangeState, Counter> replays = new EnumMap<>(ChangeState.class);
    private final Map<FilingOutcome, Timer> filing = new EnumMap<>(FilingOutcome.class);

    /** How a filing ended: filed PENDING, refused (failed in the sandbox, task ended), or failed (sandbox, store or production down). */
    public enum FilingOutcome { FILED, REFUSED, FAILED }

    public ChangeMetrics(ChangeRepository changes, Clock clock, MeterRegistry registry) {
        this.changes = changes;
        this.clock = clock;
        for (ChangeState state : ChangeState.values()) {
            Gauge.builder("airlock.changes", () -> count(state))
                    .description("Change requests in each state, on the shared store")
                    .tag("state", label(state)).register(registry);
        }
        for (ChangeState decided : new ChangeState[] {ChangeState.APPROVED, ChangeState.REJECTED}) {
            decisionLatency.put(decided, Timer.builder("airlock.approval.latency")
                    .description("Time from a change's filing to its reviewers' decision")
                    .tag("decision", label(decided)).publishPercentiles(0.5, 0.9).register(registry));
        }
        for (ChangeState ended : new ChangeState[] {ChangeState.APPLIED, ChangeState.FAILED}) {
            replays.put(ended, Counter.builder("airlock.replays").description("Replays on production by outcome")
                    .tag("outcome", label(ended)).register(registry));
        }
        for (FilingOutcome outcome : FilingOutcome.values()) {
            filing.put(outcome, Timer.builder("airlock.sandbox.filing")
                    .description("Running a change set in its task's sandbox and computing its effect, until filed")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).publishPercentiles(0.5, 0.9)
                    .register(registry));
        }
    }

    /** Records how long one filing took and how it ended. */
    public void filed(FilingOutcome outcome, Duration took) {
        filing.get(outcome).record(took);
    }

    @Override
    public void moved(Transition transition, StateChange change) {
        Counter replay = replays.get(transition.to());
        if (replay != null) {
            replay.increment();
        }
        Timer latency = decisionLatency.get(transition.to());
        if (latency != null && transition.from() == ChangeState.PENDING) {
            try {
                changes.find(transition.changeId()).ifPresent(decided ->
                        latency.record(Duration.between(decided.createdAt(), transition.at())));
            } catch (RuntimeException e) {
                LOG.debug("cannot read change {} for its approval latency", transition.changeId(), e);
            }
        }
    }

    @Override
    public void decided(Approval approval) {
        // counted when the change moves
    }

    private double count(ChangeState state) {
        Counts now = counts.get();
        if (now == null || now.at().plusSeconds(COUNTS_FRESH_SECONDS).isBefore(clock.instant())) {
            try {
                now = new Counts(clock.instant(), changes.countByState());
                counts.set(now);
            } catch (RuntimeException e) {
                LOG.debug("cannot count change requests for the metrics", e);
                return now == null ? Double.NaN : now.byState().getOrDefault(state, 0L);
            }
        }
        return now.byState().getOrDefault(state, 0L);
    }

    private static String label(ChangeState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
