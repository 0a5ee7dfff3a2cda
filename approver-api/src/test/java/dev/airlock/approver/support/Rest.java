package dev.airlock.approver.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A reviewer's HTTP client for the control plane's REST API (java.net.http, a real server). */
public final class Rest {
    /** Status, content type and parsed JSON body of one answer. */
    public record Answer(int status, String contentType, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public Rest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    public Answer post(String path, String token, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the change and approves it with exactly the hashes it shows. */
    public Answer approveAsShown(UUID id, String token) {
        JsonNode change = get("/api/changes/" + id, token).body();
        return post("/api/changes/" + id + "/approve", token, Map.of(
                "statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(),
                "baseFingerprint", change.path("baseFingerprint").asText(),
                "comment", "looks right"));
    }

    private Answer send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body();
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    body.isEmpty() ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
