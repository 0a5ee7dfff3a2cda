package dev.airlock.approver.notify;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.Transition;
import dev.airlock.approver.store.ChangeHistoryListener;
import dev.airlock.approver.store.ChangeRepository;
import dev.airlock.approver.store.StateChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells webhooks when a change is filed, decided, applied or failed (and, if they ask, the other
 * ends). It hears every move this instance commits ({@link ChangeHistoryListener}), so with
 * several instances sharing a store each move is sent once, by the instance that made it.
 *
 * <p>Nothing here runs on the committing thread but a check and a hand-off: the change is read,
 * the payload built and the POST sent on a thread of its own, and the HTTP client never blocks
 * it. A delivery that fails (no connection, a timeout, HTTP 408, 429 or 5xx) is tried again after
 * a pause that doubles each time, up to the configured attempts, with the same delivery id so a
 * receiver can drop duplicates; any other 4xx is final. Each attempt is signed afresh
 * ({@link WebhookSignature}). At most {@value #MAX_IN_FLIGHT} deliveries wait at once; beyond
 * that new ones are dropped and logged, never queued without bound.
 */
public final class Webhooks implements ChangeHistoryListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final int MAX_IN_FLIGHT = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How one delivery ended (or that it will be tried again), as counted in the metrics. */
    private enum Outcome { DELIVERED, RETRIED, GAVE_UP, DROPPED }

    private final WebhookSettings settings;
    private final ChangeRepository changes;
    private final Function<UUID, URI> reviewUrl;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService worker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Outcome, Counter> counted = new EnumMap<>(Outcome.class);

    public Webhooks(WebhookSettings settings, ChangeRepository changes, Function<UUID, URI> reviewUrl, Clock clock,
                    MeterRegistry metrics) {
        this.settings = settings;
        this.changes = changes;
        this.reviewUrl = reviewUrl;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "airlock-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        for (Outcome outcome : Outcome.values()) {
            counted.put(outcome, Counter.builder("airlock.webhook.deliveries")
                    .description("Webhook delivery attempts by how they ended")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(metrics));
        }
    }

    @Override
    public void moved(Transition transition, StateChange change) {
        Optional<WebhookEvent> event = WebhookEvent.of(transition.to());
        if (event.isEmpty()) {
            return;
        }
        List<WebhookTarget> wanting = settings.targets().stream()
                .filter(target -> target.events().contains(event.get())).toList();
        if (wanting.isEmpty()) {
            return;
        }
        if (inFlight.addAndGet(wanting.size()) > MAX_IN_FLIGHT) {
            inFlight.addAndGet(-wanting.size());
            counted.get(Outcome.DROPPED).increment(wanting.size());
            LOG.error("webhooks: {} deliveries already waiting; not sending {} of change {}", MAX_IN_FLIGHT,
                    event.get().label(), transition.changeId());
            return;
        }
        worker.execute(() -> prepare(event.get(), transition, wanting));
    }

    @Override
    public void decided(Approval approval) {
        // a reviewer's vote is not an event; the change's move to APPROVED or REJECTED is
    }

    private void prepare(WebhookEvent event, Transition transition, List<WebhookTarget> wanting) {
        byte[] body;
        try {
            ChangeRequest change = changes.get(transition.changeId());
            body = WebhookPayload.of(event, transition, change, reviewUrl.apply(change.id()));
        } catch (RuntimeException e) {
            inFlight.addAndGet(-wanting.size());
            counted.get(Outcome.GAVE_UP).increment(wanting.size());
            LOG.error("webhooks: cannot describe change {} for its {} event", transition.changeId(), event.label(), e);
            return;
        }
        String delivery = UUID.randomUUID().toString();
        for (WebhookTarget target : wanting) {
            send(new Delivery(target, event, delivery, body), 1);
        }
    }

    private record Delivery(WebhookTarget target, WebhookEvent event, String id, byte[] body) {
    }

    private void send(Delivery delivery, int attempt) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(delivery.target().url()).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Airlock-Webhooks/1")
                    .header("X-Airlock-Event", delivery.event().label())
                    .header("X-Airlock-Delivery", delivery.id())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(delivery.target().secret(),
                            clock.instant().getEpochSecond(), delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build();
        } catch (RuntimeException e) {
            finish(delivery, Outcome.GAVE_UP, "cannot build the request: " + e.getMessage());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            int status = response == null ? 0 : response.statusCode();
            if (failure == null && status >= 200 && status < 300) {
                finish(delivery, Outcome.DELIVERED, null);
            } else if ((failure != null || status == 408 || status == 429 || status >= 500) && attempt < settings.attempts()) {
                counted.get(Outcome.RETRIED).increment();
                long pause = settings.firstRetry().toMillis() << Math.min(attempt - 1, 20);
                LOG.warn("webhooks: {} to {} failed ({}); attempt {} of {} in {} ms", delivery.event().label(),
                        delivery.target().url(), failure == null ? "HTTP " + status : failure.toString(), attempt + 1,
                        settings.attempts(), pause);
                try {
                    worker.schedule(() -> send(delivery, attempt + 1), pause, TimeUnit.MILLISECONDS);
                } catch (RuntimeException closed) {
                    finish(delivery, Outcome.GAVE_UP, "Airlock is stopping");
                }
            } else {
                finish(delivery, Outcome.GAVE_UP, (failure == null ? "HTTP " + status : failure.toString())
                        + " after " + attempt + " attempt(s)");
            }
        });
    }

    private void finish(Delivery delivery, Outcome outcome, String why) {
        inFlight.decrementAndGet();
        counted.get(outcome).increment();
        if (outcome == Outcome.GAVE_UP) {
            LOG.error("webhooks: gave up sending {} (delivery {}) to {}: {}", delivery.event().label(), delivery.id(),
                    delivery.target().url(), why);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
