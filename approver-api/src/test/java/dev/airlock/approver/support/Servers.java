package dev.airlock.approver.support;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded PostgreSQL servers of this test JVM, each started once on first use and stopped
 * when the JVM ends: "production" (with every statement in a JSON server log, for byte-identity
 * checks), the sandbox server, and a store server (a PostgreSQL of its own for the store).
 * Production has the read-only role and the change role Airlock uses; each test gets a fresh
 * database on it owned by the change role, so tests never see each other's schema.
 */
public final class Servers {
    public static final String READ_ONLY_ROLE = "airlock_ro";
    public static final String READ_ONLY_PASSWORD = "read-only-secret";
    public static final String CHANGE_ROLE = "airlock_change";
    public static final String CHANGE_PASSWORD = "change-secret";
    public static final String STORE_ROLE = "airlock_store";
    public static final String STORE_PASSWORD = "store-secret";

    private static EmbeddedServer production;
    private static EmbeddedServer sandbox;
    private static EmbeddedServer store;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Servers() {
    }

    public static synchronized EmbeddedServer production() {
        if (production == null) {
            production = EmbeddedServer.start("production", Map.of("logging_collector", "on",
                    "log_destination", "jsonlog", "log_directory", "log", "log_filename", "postgresql.log",
                    "log_statement", "all", "log_min_error_statement", "error"));
            production.execute("postgres", "CREATE ROLE " + READ_ONLY_ROLE + " LOGIN PASSWORD '" + READ_ONLY_PASSWORD
                    + "' IN ROLE pg_read_all_data; CREATE ROLE " + CHANGE_ROLE + " LOGIN PASSWORD '" + CHANGE_PASSWORD + "'");
            stopAtExit(production);
        }
        return production;
    }

    public static synchronized EmbeddedServer sandbox() {
        if (sandbox == null) {
            sandbox = EmbeddedServer.start("sandbox", Map.of());
            stopAtExit(sandbox);
        }
        return sandbox;
    }

    public static synchronized EmbeddedServer store() {
        if (store == null) {
            store = EmbeddedServer.start("store", Map.of());
            store.execute("postgres", "CREATE ROLE " + STORE_ROLE + " LOGIN PASSWORD '" + STORE_PASSWORD + "'");
            stopAtExit(store);
        }
        return store;
    }

    /** A new, empty store database on the store server, owned by the store role. */
    public static String newStoreDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        store().execute("postgres", "CREATE DATABASE " + name + " OWNER " + STORE_ROLE);
        return store().jdbcUrl(name);
    }

    /**
     * A new production database owned by the change role, with {@code setupSql} run as the change
     * role (so its objects are the change role's, as they would be after earlier replays).
     */
    public static String newProductionDatabase(String prefix, String setupSql) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        production().execute("postgres", "CREATE DATABASE " + name + " OWNER " + CHANGE_ROLE);
        production().execute(name, "SET ROLE " + CHANGE_ROLE + "; " + setupSql);
        return name;
    }

    /** Runs SQL on a production database as the superuser (what a DBA outside Airlock would do). */
    public static void onProduction(String database, String sql) {
        production().execute(database, sql);
    }

    /** The first column of the first row of a query on production, as the superuser. */
    public static String queryProduction(String database, String sql) {
        try (Connection connection = production().superuserConnection(database);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on production: " + e.getMessage(), e);
        }
    }

    public static Connection storeConnection(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", STORE_ROLE);
        properties.setProperty("password", STORE_PASSWORD);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static void stopAtExit(EmbeddedServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-embedded-postgres"));
    }
}
