package dev.airlock.sandbox.support;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.samples.PgDumpLoader;
import dev.airlock.sandbox.samples.SampleDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One "production" and one sandbox server for the whole test JVM (each started once, stopped when
 * JUnit finishes), with the sample databases loaded on production at most once each. Production
 * has the read-only role Airlock reads it with, and roles app_ro, writer and reporting. Test classes
 * opt in with {@code @ExtendWith(SharedServers.class)}.
 */
public final class SharedServers implements BeforeAllCallback {
    public static final String PAGILA = "pagila";
    public static final String GITLAB = "gitlab";
    public static final String FIXTURES = "fixtures";
    public static final String ZOO = "zoo";

    private static EmbeddedServer production;
    private static EmbeddedServer sandbox;
    private static final Set<String> loaded = new HashSet<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedServers.class) {
            if (production == null) {
                production = EmbeddedServer.start("production", Map.of());
                production.execute("postgres", "CREATE ROLE " + READ_ONLY_ROLE + " LOGIN PASSWORD '"
                        + READ_ONLY_PASSWORD + "' IN ROLE pg_read_all_data;"
                        + " CREATE ROLE app_ro; CREATE ROLE writer; CREATE ROLE reporting;");
                sandbox = EmbeddedServer.start("sandbox", Map.of());
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put("airlock-shared-servers", (AutoCloseable) SharedServers::stop);
            }
        }
    }

    private static void stop() {
        synchronized (SharedServers.class) {
            production.close();
            sandbox.close();
            production = null;
            sandbox = null;
            loaded.clear();
        }
    }

    /** Production's read-only role, the only credential the sandbox uses on production. */
    public static final String READ_ONLY_ROLE = "airlock_ro";
    public static final String READ_ONLY_PASSWORD = "read-only-secret";

    /** A connection to production through the read-only role. */
    public static Connection productionReadOnly(String database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", READ_ONLY_ROLE);
        properties.setProperty("password", READ_ONLY_PASSWORD);
        properties.setProperty("options", "-c default_transaction_read_only=on");
        return java.sql.DriverManager.getConnection(production.jdbcUrl(database), properties);
    }

    public static EmbeddedServer production() {
        return production;
    }

    public static EmbeddedServer sandbox() {
        return sandbox;
    }

    /** Creates and loads a sample database on production the first time it is asked for. */
    public static synchronized void ensureLoaded(String database) {
        if (!loaded.add(database)) {
            return;
        }
        production.execute("postgres", "CREATE DATABASE " + database);
        try (Connection connection = production.superuserConnection(database)) {
            switch (database) {
                case PAGILA -> {
                    SampleDatabases.loadPagilaSchema(connection);
                    SampleDatabases.loadPagilaData(connection);
                    production.execute(database, "ANALYZE");
                }
                case GITLAB -> loadResource(connection, "/schemas/gitlab-structure.sql");
                case ZOO -> loadResource(connection, "/schemas/feature-zoo.sql");
                case FIXTURES -> {
                    loadResource(connection, "/security/bypass-fixtures.sql");
                }
                default -> throw new IllegalArgumentException("no sample database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load " + database + " on production: " + e.getMessage(), e);
        }
    }

    private static void loadResource(Connection connection, String resource) throws SQLException {
        try (InputStream in = SharedServers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                PgDumpLoader.load(connection, reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
