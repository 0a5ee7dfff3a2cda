package dev.airlock.approver.replay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.airlock.approver.production.ProductionSettings;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The HikariCP pool of production sessions as the change role. Package-private and never handed
 * out: the executor is its only user (DESIGN §1.2). Small, since replays run one at a time; the
 * second connection serves crash resolution while a replay holds the first. Opened lazily
 * ({@code initializationFailTimeout = -1}) so a production outage delays replays instead of
 * stopping the control plane.
 */
final class ReplayPool implements AutoCloseable {
    private final HikariDataSource pool;

    ReplayPool(ProductionSettings production, ChangeCredential credential) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("airlock-replay");
        config.setJdbcUrl(production.jdbcUrl());
        config.setUsername(credential.user());
        config.setPassword(credential.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "airlock-replay");
        this.pool = new HikariDataSource(config);
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
