package dev.airlock.proxy.backend;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * JDBC connections to production as the read-only role, for work that is not on the relay path:
 * the start-up self-check and catalog reads. Never used on an event loop.
 */
public final class ProductionJdbc {
    private ProductionJdbc() {
    }

    public static Connection open(ProductionEndpoint endpoint, String purpose) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        if (endpoint.password() != null) {
            properties.setProperty("password", endpoint.password());
        }
        properties.setProperty("ApplicationName", "airlock " + purpose);
        properties.setProperty("readOnly", "true");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, endpoint.connectTimeout().toSeconds())));
        properties.setProperty("sslmode", endpoint.sslMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        endpoint.rootCertificate().ifPresent(file -> properties.setProperty("sslrootcert", file));
        String url = "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setReadOnly(true);
        return connection;
    }
}
