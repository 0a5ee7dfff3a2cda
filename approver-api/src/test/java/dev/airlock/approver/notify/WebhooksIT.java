package dev.airlock.approver.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Rest;
import dev.airlock.approver.support.Servers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against real HTTP receivers on loopback and a real control plane: a change filed,
 * approved and applied reaches a receiver as three events whose signatures verify with the shared
 * secret; a receiver that answers 503 gets the same delivery again (same delivery id, signed
 * afresh) until it takes it; one that answers 400 is not asked again; a literal in the statement
 * never reaches a receiver; the metrics count what happened.
 */
class WebhooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAKY_SECRET = "flaky-receiver-secret-0123456789";
    private static final String STRICT_SECRET = "strict-receiver-secret-0123456789";
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    /** One POST as the receiver saw it. */
    private record Received(String event, String delivery, String signature, byte[] body, int answered) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static String database;
    private static HttpServer flaky;
    private static HttpServer strict;
    private static final List<Received> flakyGot = new CopyOnWriteArrayList<>();
    private static final List<Received> strictGot = new CopyOnWriteArrayList<>();
    private static final AtomicInteger filedAttempts = new AtomicInteger();
    private static ControlPlane plane;

    @BeforeAll
    static void start() throws IOException {
        database = Servers.newProductionDatabase("webhooks", "CREATE TABLE hook_t (id int PRIMARY KEY)");
        // answers 503 to the first two attempts of the "filed" delivery, 200 to everything else
        flaky = receiver(flakyGot, event -> event.equals("filed") && filedAttempts.incrementAndGet() <= 2 ? 503 : 200);
        strict = receiver(strictGot, event -> 400);
        WebhookSettings webhooks = new WebhookSettings(List.of(
                new WebhookTarget(url(flaky), FLAKY_SECRET, Set.of()),
                new WebhookTarget(url(strict), STRICT_SECRET, Set.of(WebhookEvent.APPLIED))),
                Duration.ofMillis(50), 4);
        plane = new ControlPlane(Planes.settings(database, Planes.h2(), Duration.ofMinutes(10), webhooks));
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
        flaky.stop(0);
        strict.stop(0);
    }

    private interface Script {
        int status(String event);
    }

    private static HttpServer receiver(List<Received> got, Script script) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String event = exchange.getRequestHeaders().getFirst("X-Airlock-Event");
            int status = script.status(event);
            got.add(new Received(event, exchange.getRequestHeaders().getFirst("X-Airlock-Delivery"),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI url(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void aChangeIsAnnouncedWhenFiledApprovedAndAppliedSignedAndRetried() throws Exception {
        FiledChange.Filed change = Planes.file(plane, "hooks", "ALTER TABLE hook_t ADD COLUMN note text DEFAULT 'hunter2-secret'");
        await(() -> flakyGot.stream().anyMatch(r -> r.event().equals("filed") && r.answered() == 200));

        Rest rest = new Rest(plane.httpPort());
        assertThat(rest.approveAsShown(change.id(), Planes.ALICE).status()).isEqualTo(200);
        ChangeOutcome outcome = plane.outcome(change.id()).get(60, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(ChangeState.APPLIED);
        await(() -> events(flakyGot).contains("applied") && !strictGot.isEmpty());

        List<Received> filedTries = flakyGot.stream().filter(r -> r.event().equals("filed")).toList();
        assertThat(filedTries).extracting(Received::answered).containsExactly(503, 503, 200);
        assertThat(filedTries).extracting(Received::delivery).as("one delivery, tried three times").containsOnly(
                filedTries.get(0).delivery());
        assertThat(events(flakyGot)).containsExactly("filed", "filed", "filed", "approved", "applied");
        for (Received received : flakyGot) {
            assertSigned(received, FLAKY_SECRET);
            JsonNode body = received.json();
            assertThat(body.path("event").asText()).isEqualTo(received.event());
            assertThat(body.path("change").path("id").asText()).isEqualTo(change.id().toString());
            assertThat(body.path("change").path("reviewUrl").asText()).endsWith("/changes/" + change.id());
            assertThat(body.path("text").asText()).startsWith("Airlock: change <").contains(change.id().toString());
            assertThat(new String(received.body(), StandardCharsets.UTF_8)).doesNotContain("hunter2");
        }
        JsonNode applied = flakyGot.get(4).json();
        assertThat(applied.path("change").path("state").asText()).isEqualTo("APPLIED");
        assertThat(applied.path("change").path("previousState").asText()).isEqualTo("EXECUTING");
        assertThat(applied.path("change").path("firstStatement").asText()).startsWith("ALTER TABLE hook_t ADD COLUMN note");
        assertThat(flakyGot.get(3).json().path("change").path("actor").asText()).isEqualTo("alice");

        assertThat(strictGot).as("only the event it asked for, and a 400 is not tried again").singleElement()
                .satisfies(r -> assertThat(r.event()).isEqualTo("applied"));
        assertSigned(strictGot.get(0), STRICT_SECRET);

        String metrics = metrics();
        assertThat(metrics).contains("airlock_webhook_deliveries_total{outcome=\"retried\"} 2.0")
                .contains("airlock_webhook_deliveries_total{outcome=\"delivered\"} 3.0")
                .contains("airlock_webhook_deliveries_total{outcome=\"gave_up\"} 1.0")
                .contains("airlock_replays_total{outcome=\"applied\"} 1.0")
                .contains("airlock_approval_latency_seconds_count{decision=\"approved\"} 1")
                .containsPattern("airlock_changes\\{state=\"applied\"} 1\\.0");
    }

    private static List<String> events(List<Received> got) {
        return new ArrayList<>(got.stream().map(Received::event).toList());
    }

    private static void assertSigned(Received received, String secret) {
        Matcher signature = SIGNATURE.matcher(received.signature());
        assertThat(signature.matches()).as(received.signature()).isTrue();
        long seconds = Long.parseLong(signature.group(1));
        assertThat(Math.abs(Instant.now().getEpochSecond() - seconds)).isLessThan(300);
        assertThat(signature.group(2)).isEqualTo(WebhookSignature.hex(secret, seconds, received.body()));
        assertThat(signature.group(2)).isNotEqualTo(WebhookSignature.hex("some other secret!", seconds, received.body()));
    }

    private static String metrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + plane.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited 30 s; flaky got %s, strict got %s", events(flakyGot),
                    events(strictGot)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
