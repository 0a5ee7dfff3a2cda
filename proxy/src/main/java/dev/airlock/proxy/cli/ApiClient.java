package dev.airlock.proxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The control plane's REST API as the CLI calls it: the base URL from {@code --api} or
 * {@code AIRLOCK_API_URL}, the bearer token from {@code AIRLOCK_TOKEN} (never from the command
 * line, where it would sit in the shell history and the process list). A picocli mixin.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--api", paramLabel = "URL", defaultValue = "${env:AIRLOCK_API_URL:-http://127.0.0.1:8080}",
            description = "Base URL of the control plane's API (default: $AIRLOCK_API_URL or ${DEFAULT-VALUE}).")
    private String api;

    @Option(names = "--json", description = "Print the API's JSON answer as it is.")
    boolean json;

    /**
     * Made on the first request: picocli builds every subcommand's mixin whenever the CLI starts,
     * {@code airlock serve} included, and each client keeps a selector thread for its lifetime.
     */
    private HttpClient http;

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        String token = System.getenv("AIRLOCK_TOKEN");
        if (token == null || token.isBlank()) {
            throw new ApiException("set AIRLOCK_TOKEN to an admin's (or, to read, an approver's) token", ExitCodes.USAGE);
        }
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token.strip());
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException("cannot reach the API at " + api + ": " + e.getMessage(), ExitCodes.FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted", ExitCodes.FAILURE);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            String detail = body.path("detail").asText(response.body());
            throw new ApiException(body.path("title").asText("HTTP " + response.statusCode()) + ": " + detail,
                    exitCode(response.statusCode()));
        }
        return body;
    }

    /** The exit code a refusal of the API ends the command with; see {@link ExitCodes}. */
    static int exitCode(int status) {
        return switch (status) {
            case 400 -> ExitCodes.USAGE;
            case 401, 403 -> ExitCodes.DENIED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 409 -> ExitCodes.CONFLICT;
            default -> ExitCodes.FAILURE;
        };
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode().put("detail", text);
        }
    }

    /** Prints the answer as JSON when asked to, else runs {@code human}. */
    void print(JsonNode answer, Runnable human) {
        if (json) {
            System.out.println(answer.toPrettyString());
        } else {
            human.run();
        }
    }

    /** A refused or failed call, with the exit code the command ends with. */
    static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        ApiException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
