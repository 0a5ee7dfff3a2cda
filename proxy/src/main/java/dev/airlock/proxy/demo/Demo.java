package dev.airlock.proxy.demo;

import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.ScramVerifier;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.proxy.server.AirlockServer;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.samples.SampleDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airlock on embedded defaults: an embedded PostgreSQL plays production and holds Pagila, a
 * read-only role is created for Airlock, and Airlock listens with a self-signed certificate. The
 * application credential is random for every run.
 */
public final class Demo implements AutoCloseable {
    public static final String DATABASE = "pagila";
    public static final String READONLY_ROLE = "airlock_ro";
    public static final String APPLICATION_USER = "app";
    /**
     * Pagila's functions whose bodies only read (reviewed by hand), allowed the way a DBA would
     * allow them with gate.allowed_functions, so that its views such as film_list work through
     * Airlock. rewards_report is not among them: it creates a temporary table.
     */
    public static final List<String> PAGILA_READ_FUNCTIONS = List.of("public.group_concat", "public._group_concat",
            "public.film_in_stock", "public.film_not_in_stock", "public.get_customer_balance",
            "public.inventory_held_by_customer", "public.inventory_in_stock", "public.last_day");

    private final EmbeddedServer production;
    private final AirlockServer airlock;
    private final String applicationPassword;

    private Demo(EmbeddedServer production, AirlockServer airlock, String applicationPassword) {
        this.production = production;
        this.airlock = airlock;
        this.applicationPassword = applicationPassword;
    }

    public static Demo start(int port) {
        SecureRandom random = new SecureRandom();
        EmbeddedServer production = EmbeddedServer.start("demo-production", Map.of());
        try {
            String readonlyPassword = randomSecret(random);
            prepareProduction(production, readonlyPassword);
            String applicationPassword = randomSecret(random);
            Identity application = Identity.application(APPLICATION_USER,
                    ScramVerifier.fromPassword(applicationPassword.toCharArray(), random));
            Map<Setting<?>, Object> values = new HashMap<>();
            values.put(Setting.LISTEN_PORT, port);
            values.put(Setting.TLS_SELF_SIGNED, true);
            values.put(Setting.PRODUCTION_HOST, production.host());
            values.put(Setting.PRODUCTION_PORT, production.port());
            values.put(Setting.PRODUCTION_DATABASE, DATABASE);
            values.put(Setting.PRODUCTION_READONLY_USER, READONLY_ROLE);
            values.put(Setting.GATE_ALLOWED_FUNCTIONS, PAGILA_READ_FUNCTIONS);
            Settings settings = Settings.of(values);
            ProductionEndpoint endpoint = new ProductionEndpoint(production.host(), production.port(), DATABASE,
                    READONLY_ROLE, readonlyPassword, ProductionEndpoint.SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(10));
            AirlockServer airlock = AirlockServer.start(settings, List.of(application), endpoint);
            return new Demo(production, airlock, applicationPassword);
        } catch (RuntimeException e) {
            production.close();
            throw e;
        }
    }

    private static void prepareProduction(EmbeddedServer production, String readonlyPassword) {
        production.execute("postgres", "CREATE DATABASE " + DATABASE);
        try (Connection connection = production.superuserConnection(DATABASE)) {
            SampleDatabases.loadPagilaSchema(connection);
            SampleDatabases.loadPagilaData(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("REFRESH MATERIALIZED VIEW public.rental_by_category");
                statement.execute("CREATE ROLE " + READONLY_ROLE + " LOGIN PASSWORD '" + readonlyPassword + "'");
                statement.execute("ALTER ROLE " + READONLY_ROLE + " SET default_transaction_read_only = on");
                statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                statement.execute("REVOKE TEMPORARY ON DATABASE " + DATABASE + " FROM PUBLIC");
                statement.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + READONLY_ROLE);
                statement.execute("GRANT USAGE ON SCHEMA public TO " + READONLY_ROLE);
                statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READONLY_ROLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the demo's production database: " + e.getMessage(), e);
        }
    }

    private static String randomSecret(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String psqlUri() {
        return "postgresql://" + APPLICATION_USER + ":" + applicationPassword + "@127.0.0.1:" + airlock.port() + "/"
                + DATABASE + "?sslmode=require";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + airlock.port() + "/" + DATABASE + "?user=" + APPLICATION_USER
                + "&password=" + applicationPassword + "&sslmode=require";
    }

    public AirlockServer airlock() {
        return airlock;
    }

    public EmbeddedServer production() {
        return production;
    }

    @Override
    public void close() {
        try {
            airlock.close();
        } finally {
            production.close();
        }
    }
}
