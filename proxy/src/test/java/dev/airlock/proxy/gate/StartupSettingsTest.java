package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.catalog.KeywordCategory;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.protocol.PgException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Run-time settings from a startup packet are decided as the SETs they stand for. */
class StartupSettingsTest {
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final ProductionCatalog catalog = new ProductionCatalog(List.of(), List.of(), List.of(), List.of(),
            Map.of("select", KeywordCategory.RESERVED), Set.of("public", "reporting"), "reader", List.of("public"), "catalog-1");
    private final Gate gate = new Gate(catalog, List.of(), List.of("$user", "public", "reporting", "pg_catalog"),
            Duration.ofMillis(100), watchdog, Runnable::run, 1_000);

    @AfterEach
    void stopWatchdog() {
        watchdog.shutdownNow();
    }

    @Test
    void allowedSettingsStartTheSessionAndItsSearchPathReachesTheGate() {
        SessionGateState session = gate.sessionState(Map.of("search_path", "\"reporting\", \"$user\"",
                "statement_timeout", "5s", "bytea_output", "escape", "lock_timeout", "1min"));

        assertThat(session.searchPath(catalog.defaultSearchPath())).containsExactly("public", "reporting", "reader");
        assertThat(gate.sessionState(Map.of()).searchPath(catalog.defaultSearchPath())).containsExactly("public");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search_path | \"evil\", \"public\" | schema \"evil\"",
            "default_transaction_read_only | off | cannot be given at start-up",
            "default_transaction_read_only | on | cannot be given at start-up",
            "transaction_read_only | off | cannot be given at start-up",
            "transaction_isolation | serializable | cannot be given at start-up",
            "standard_conforming_strings | off | cannot be given at start-up",
            "statement_timeout | 0 | cannot be turned off",
            "idle_in_transaction_session_timeout | 0ms | cannot be turned off",
            "session_authorization | postgres | cannot be changed",
            "role | postgres | SET ROLE",
            "row_security | off | row_security",
            "client_encoding | SJIS | UTF8",
            "wal_level | minimal | cannot be changed"})
    void settingsASessionCouldNotSetEndTheConnection(String name, String value, String reason) {
        assertThatThrownBy(() -> gate.sessionState(Map.of(name, value)))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.isFatal()).isTrue();
                    assertThat(e.sqlState().code()).isEqualTo("08P01");
                    assertThat(e.getMessage()).startsWith("startup parameter \"" + name + "\" is not allowed").contains(reason);
                });
    }
}
