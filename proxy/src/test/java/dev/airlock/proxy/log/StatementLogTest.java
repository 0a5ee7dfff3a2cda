package dev.airlock.proxy.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEntryIsOneJsonLineWithItsFields(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("logs/statements.log");
        try (StatementLog log = StatementLog.open(file, 1 << 20, 3)) {
            for (int i = 0; i < 1000; i++) {
                assertThat(log.record(new StatementLog.Entry(1_700_000_000_000L, i, "app", "READ", "relay", "reads only",
                        "select \"q\"\n from t where a = ?"))).isTrue();
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1000);
        JsonNode last = JSON.readTree(lines.get(999));
        assertThat(last.get("session").asInt()).isEqualTo(999);
        assertThat(last.get("time").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(JSON.readTree(lines.get(0)).get("user").asText()).isEqualTo("app");
        assertThat(last.get("statement").asText()).isEqualTo("select \"q\"\n from t where a = ?");
    }

    @Test
    void entriesQueuedFasterThanOneBatchAreAllWritten(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("statements.log");
        int count = 20_000;
        try (StatementLog log = StatementLog.open(file, 1 << 26, 1)) {
            for (int i = 0; i < count; i++) {
                assertThat(log.record(new StatementLog.Entry(0, i, "app", "READ", "relay", "", "select 1"))).isTrue();
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(JSON.readTree(lines.get(i)).get("session").asInt()).isEqualTo(i);
        }
    }

    @Test
    void anEntryAfterAQuietStretchIsWrittenWithoutWaitingForClose(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("statements.log");
        try (StatementLog log = StatementLog.open(file, 1 << 20, 1)) {
            // Longer than the writer looks before it sleeps until the next entry.
            Thread.sleep(1_500);
            assertThat(log.record(new StatementLog.Entry(0, 7, "app", "READ", "relay", "", "select 1"))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Files.size(file) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(Files.readAllLines(file)).hasSize(1);
        }
    }

    @Test
    void anyTextComesBackExactlyFromItsLine(@TempDir Path directory) throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        List<String> texts = List.of("plain", "", "quote \" and backslash \\ end\\", controls.toString(),
                "caf\u00e9 \u2028 line \u2029 sep \ud83d\ude00 astral, then \u00ff\u0100 and \u007f", "\u00e9\"\u00e9\\",
                "x".repeat(70_000) + "\u00e9");
        Path file = directory.resolve("statements.log");
        try (StatementLog log = StatementLog.open(file, 1 << 24, 1)) {
            for (int i = 0; i < texts.size(); i++) {
                assertThat(log.record(new StatementLog.Entry(0, i, "app", "READ", "relay", texts.get(i), texts.get(i))))
                        .isTrue();
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.get("statement").asText()).isEqualTo(texts.get(i));
            assertThat(line.get("reason").asText()).isEqualTo(texts.get(i));
        }
    }

    @Test
    void theFileRotatesAtItsSizeAndKeepsOnlyTheNewestFiles(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("statements.log");
        String statement = "x".repeat(1000);
        try (StatementLog log = StatementLog.open(file, 64 * 1024, 3)) {
            for (int i = 0; i < 1000; i++) {
                while (!log.record(new StatementLog.Entry(0, i, "app", "READ", "relay", "", statement))) {
                    Thread.sleep(1);
                }
                if (i % 50 == 0) {
                    Thread.sleep(5);
                }
            }
        }
        assertThat(Files.exists(directory.resolve("statements.log.1"))).isTrue();
        assertThat(Files.exists(directory.resolve("statements.log.3"))).isTrue();
        assertThat(Files.exists(directory.resolve("statements.log.4"))).isFalse();
        assertThat(Files.size(directory.resolve("statements.log.1"))).isGreaterThanOrEqualTo(64 * 1024);
    }
}
