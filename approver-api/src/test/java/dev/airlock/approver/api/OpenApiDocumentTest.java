package dev.airlock.approver.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document describes every route the server registers, and no other. */
class OpenApiDocumentTest {
    @Test
    void everyRouteIsInTheDocument() throws Exception {
        JsonNode document;
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        assertThat(document.path("openapi").asText()).startsWith("3.");
        int operations = 0;
        for (String route : ApiServer.ROUTES) {
            String[] parts = route.split(" ");
            JsonNode operation = document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
            assertThat(operation.isObject()).as(route).isTrue();
            assertThat(operation.path("responses").size()).as(route + " responses").isPositive();
            operations++;
        }
        int documented = 0;
        for (JsonNode path : document.path("paths")) {
            documented += path.size();
        }
        assertThat(documented).isEqualTo(operations);
    }
}
