package dev.airlock.approver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.support.Servers;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several Airlock instances starting at the same moment all prepare production's marker table: none
 * may fail because another created the schema or table a moment before (CREATE ... IF NOT EXISTS
 * does not hold against a concurrent CREATE in PostgreSQL).
 */
class AppliedMarkerIT {
    private static final int INSTANCES = 8;

    @Test
    void instancesPreparingTheMarkerTableAtOnceAllSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            String database = Servers.newProductionDatabase("marker_race", "SELECT 1");
            ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
            CountDownLatch ready = new CountDownLatch(INSTANCES);
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                starts.add(threads.submit(() -> {
                    try (Connection connection = Servers.production().superuserConnection(database)) {
                        connection.createStatement().execute("SET ROLE " + Servers.CHANGE_ROLE);
                        ready.countDown();
                        ready.await();
                        AppliedMarker.ensure(connection);
                    }
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertThat(Servers.queryProduction(database, "SELECT to_regclass('airlock.applied_changes') IS NOT NULL"))
                    .isEqualTo("t");
        }
    }
}
