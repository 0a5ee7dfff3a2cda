package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.samples.SampleDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL that plays production in integration tests: one embedded server per test JVM,
 * with two databases, {@code pagila} (the sample database) and {@code corpus} (the bypass corpus
 * fixtures, dblink and adminpack included), and Airlock's read-only role on both.
 */
public final class TestProduction {
    public static final String READONLY_ROLE = "airlock_ro";
    public static final String READONLY_PASSWORD = "airlock-ro-secret";
    public static final String PAGILA = "pagila";
    public static final String CORPUS = "corpus";

    private static TestProduction instance;

    private final EmbeddedServer server;

    private TestProduction(EmbeddedServer server) {
        this.server = server;
    }

    public static synchronized TestProduction get() {
        if (instance == null) {
            EmbeddedServer server = EmbeddedServer.start("it-production", Map.of());
            instance = new TestProduction(server);
            instance.prepare();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "it-production-stop"));
        }
        return instance;
    }

    private void prepare() {
        server.execute("postgres", "CREATE ROLE " + READONLY_ROLE + " LOGIN PASSWORD '" + READONLY_PASSWORD + "'");
        server.execute("postgres", "CREATE ROLE app_ro NOLOGIN; CREATE ROLE writer NOLOGIN");
        for (String database : new String[] {PAGILA, CORPUS}) {
            server.execute("postgres", "CREATE DATABASE " + database);
        }
        try (Connection pagila = server.superuserConnection(PAGILA)) {
            SampleDatabases.loadPagilaSchema(pagila);
            SampleDatabases.loadPagilaData(pagila);
            pagila.createStatement().execute("REFRESH MATERIALIZED VIEW public.rental_by_category");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load Pagila", e);
        }
        String fixtures = resource("security/fixtures.sql").replace("port=58731", "port=" + server.port());
        server.execute(CORPUS, fixtures);
        for (String database : new String[] {PAGILA, CORPUS}) {
            server.execute(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE TEMPORARY ON DATABASE "
                    + database + " FROM PUBLIC");
            server.execute(database, "GRANT CONNECT ON DATABASE " + database + " TO " + READONLY_ROLE
                    + "; GRANT USAGE ON SCHEMA public TO " + READONLY_ROLE
                    + "; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READONLY_ROLE);
        }
        server.execute(CORPUS, "GRANT USAGE ON SCHEMA evil TO " + READONLY_ROLE + ", app_ro");
    }

    static String resource(String name) {
        try (InputStream in = TestProduction.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public EmbeddedServer server() {
        return server;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** A direct connection as Airlock's read-only role, to compare with what Airlock relays. */
    public Connection readOnlyConnection(String database) throws SQLException {
        return readOnlyConnection(database, "");
    }

    /** As {@link #readOnlyConnection(String)}, with extra pgjdbc URL parameters. */
    public Connection readOnlyConnection(String database, String parameters) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", READONLY_ROLE);
        properties.setProperty("password", READONLY_PASSWORD);
        String url = server.jdbcUrl(database) + (parameters.isEmpty() ? "" : "?" + parameters);
        return DriverManager.getConnection(url, properties);
    }

    /** A direct superuser connection, to look at what is on the server. */
    public Connection superuserConnection(String database) throws SQLException {
        return server.superuserConnection(database);
    }

    public void execute(String database, String sql) {
        server.execute(database, sql);
    }

    /** Runs one query as the superuser and returns the first column of the first row, as text. */
    public String queryValue(String database, String sql) {
        try (Connection connection = superuserConnection(database); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many sessions of the read-only role on {@code database} meet {@code condition} (SQL on
     * pg_stat_activity) while running the query that contains {@code marker}.
     */
    public int readOnlySessions(String database, String marker, String condition) {
        return Integer.parseInt(queryValue(database, "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                + READONLY_ROLE + "' AND " + condition + " AND query LIKE '%" + marker + "%'"
                + " AND query NOT LIKE '%pg_stat_activity%'"));
    }

    /**
     * Waits up to 10 s until {@link #readOnlySessions} is {@code count}, and fails if it never is.
     * A state seen once is enough: it is not asked again, since it may be passing.
     */
    public void awaitReadOnlySessions(String database, String marker, String condition, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen = readOnlySessions(database, marker, condition);
        while (seen != count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = readOnlySessions(database, marker, condition);
        }
        assertThat(seen).as("sessions on production running %s with %s", marker, condition).isEqualTo(count);
    }
}
