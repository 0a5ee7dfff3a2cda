package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.catalog.KeywordCategory;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.protocol.SqlState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateCacheTest {
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final ProductionCatalog catalog = new ProductionCatalog(List.of(), List.of(), List.of(), List.of(),
            Map.of("select", KeywordCategory.RESERVED), Set.of("public"), "reader", List.of("public"), "catalog-1");
    private final Gate gate = new Gate(catalog, List.of(), List.of("public"), Duration.ofMillis(1), watchdog,
            Runnable::run, 1_000);
    private final SessionGateState session = new SessionGateState();

    @AfterEach
    void stopWatchdog() {
        watchdog.shutdownNow();
    }

    @Test
    void aProvenReadIsDecidedFromTheCacheTheSecondTime() {
        String sql = "SELECT 1";
        assertThat(gate.decideLater(sql, session, false).join().isRefused()).isFalse();
        assertThat(gate.decideNow(sql, session, false)).isNotNull();
        assertThat(gate.decideNow("SELECT 2", session, false)).isNotNull();
    }

    @Test
    void aStatementThatRanOutOfParseTimeIsAnalysedAfreshNextTime() {
        String sql = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
        QueryDecision first = gate.decideLater(sql, session, false).join();
        assertThat(first.isRefused()).isTrue();
        assertThat(first.refusal().sqlState()).isEqualTo(SqlState.STATEMENT_TOO_COMPLEX);
        assertThat(gate.decideNow(sql, session, false)).isNull();
        assertThat(gate.decideNow(sql.replace("1", "2"), session, false)).isNull();
    }
}
