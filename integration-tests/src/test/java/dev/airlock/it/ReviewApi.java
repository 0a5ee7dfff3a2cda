package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** A reviewer on one instance's REST API: read changes, approve them as shown, wait for their state. */
final class ReviewApi {
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String token;

    ReviewApi(int port, String token) {
        this.port = port;
        this.token = token;
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AgentWorld.JSON.readTree(response.body());
    }

    /** Approves the change with exactly the hashes it shows now. */
    HttpResponse<String> approve(String id) throws Exception {
        JsonNode change = get("/api/changes/" + id);
        String body = AgentWorld.JSON.writeValueAsString(Map.of("statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(), "baseFingerprint", change.path("baseFingerprint").asText()));
        return http.send(request("/api/changes/" + id + "/approve").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String state(String id) throws Exception {
        return get("/api/changes/" + id).path("state").asText();
    }

    /** Waits (a minute at most) until the change is in one of {@code wanted}; returns that state. */
    String awaitState(String id, Set<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String now = state(id);
        while (!wanted.contains(now) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = state(id);
        }
        assertThat(now).as("change %s: %s", id, get("/api/changes/" + id).path("history")).isIn(wanted);
        return now;
    }

    /** The id of the PENDING change whose first statement contains {@code statementPart}. */
    String pending(String statementPart) throws Exception {
        for (JsonNode change : get("/api/changes?state=pending")) {
            if (change.path("firstStatement").asText().contains(statementPart)) {
                return change.path("id").asText();
            }
        }
        throw new AssertionError("no pending change with " + statementPart);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token);
    }
}
