package dev.airlock.approver.production;

import dev.airlock.sandbox.rows.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Sessions on production through its read-only role, with {@code default_transaction_read_only}
 * forced on at startup. Opened per use: snapshots are seconds apart, so a pool would mostly hold
 * idle sessions on production.
 */
public final class ReadOnlyProduction implements ConnectionSource {
    private final ProductionSettings settings;

    public ReadOnlyProduction(ProductionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.readOnlyUser());
        if (settings.readOnlyPassword() != null) {
            properties.setProperty("password", settings.readOnlyPassword());
        }
        properties.setProperty("options", "-c default_transaction_read_only=on");
        properties.setProperty("ApplicationName", "airlock-control-plane");
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }
}
