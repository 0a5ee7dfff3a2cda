package dev.airlock.sandbox.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server run from the embedded binaries (io.zonky), for {@code airlock demo} and for
 * tests. It listens on 127.0.0.1 only. The superuser {@code postgres} connects without a password
 * from loopback; every other role must authenticate with the method given at start-up, so the
 * proxy's SCRAM and MD5 client code meets a real server.
 */
public final class EmbeddedServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server in a fresh temporary data directory. */
    public static EmbeddedServer start(String name, Map<String, String> serverSettings) {
        try {
            Path dataDirectory = Files.createTempDirectory("airlock-" + name + "-");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("listen_addresses", "127.0.0.1");
            settings.put("password_encryption", "scram-sha-256");
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
            settings.put("max_connections", "300");
            settings.put("shared_buffers", "64MB");
            settings.putAll(serverSettings);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            EmbeddedServer server = new EmbeddedServer(postgres, dataDirectory);
            server.writeHostBasedAuthentication("scram-sha-256");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL '" + name + "'", e);
        }
    }

    /**
     * Rewrites pg_hba.conf: the superuser is trusted from loopback, every other role uses
     * {@code method} (scram-sha-256, md5, password or trust), then reloads the configuration.
     */
    public void writeHostBasedAuthentication(String method) {
        String rules = String.join("\n",
                "# Written by Airlock's EmbeddedServer.",
                "host all " + SUPERUSER + " 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 " + method,
                "");
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("postgres", "SELECT pg_reload_conf()");
    }

    public int port() {
        return postgres.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A new superuser connection to {@code database}; the caller closes it. */
    public Connection superuserConnection(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Runs SQL (one or more statements, simple protocol) as the superuser. */
    public void execute(String database, String sql) {
        try (Connection connection = superuserConnection(database);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
