package dev.airlock.approver.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Production's own statement log (log_statement = all, jsonlog): what the server received, exactly,
 * because jsonlog escapes the text instead of re-indenting it. One entry per logged message.
 */
public final class ServerLog {
    /** One log entry: role, database, message (e.g. "execute &lt;unnamed&gt;: ...") and detail. */
    public record Entry(String user, String database, String message, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerLog() {
    }

    public static List<Entry> production() {
        Path file = Servers.production().dataDirectory().resolve("log").resolve("postgresql.json");
        List<Entry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = JSON.readTree(line);
                entries.add(new Entry(entry.path("user").asText(null), entry.path("dbname").asText(null),
                        entry.path("message").asText(null), entry.path("detail").asText(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read production's JSON log " + file, e);
        }
        return entries;
    }
}
