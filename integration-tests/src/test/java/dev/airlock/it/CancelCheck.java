package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.postgresql.util.PSQLException;

/** {@code Statement.cancel()} through Airlock stops a long query on production, and the session goes on. */
final class CancelCheck {
    private CancelCheck() {
    }

    static void cancelStopsALongQuery(Connection relayed) throws SQLException {
        try (Statement statement = relayed.createStatement()) {
            Instant started = Instant.now();
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    statement.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // 57014 is production's own "canceling statement due to user request".
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.join();
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(Rows.query(relayed, "SELECT 1").get(1)).containsExactly("1");
        }
    }
}
