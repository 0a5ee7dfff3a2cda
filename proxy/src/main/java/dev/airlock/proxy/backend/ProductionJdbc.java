package dev.airlock.proxy.backend;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * JDBC connections to production as the read-only role, for work that is not on the relay path:
 * the start-up self-check and catalog reads. Never used on an event loop.
 */
public final class ProductionJdbc {
    private ProductionJdbc() {
    }

    /** The pgjdbc URL of production's database, with the endpoint's TLS settings; no credentials. */
    public static String url(ProductionEndpoint endpoint) {
        String url = "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/"
                + URLEncoder.encode(endpoint.database(), StandardCharsets.UTF_8)
                + "?sslmode=" + endpoint.sslMode().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return endpoint.rootCertificate()
                .map(file -> url + "&sslrootcert=" + URLEncoder.encode(file, StandardCharsets.UTF_8))
                .orElse(url);
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
        Connection connection = DriverManager.getConnection(url(endpoint), properties);
        connection.setReadOnly(true);
        return connection;
    }
}
