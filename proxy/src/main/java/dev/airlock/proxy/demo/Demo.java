package dev.airlock.proxy.demo;

import dev.airlock.approver.api.Admin;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.api.BearerTokens;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.SecretReference;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.proxy.server.AirlockServer;
import dev.airlock.proxy.server.RunningAirlock;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.embedded.TemporaryDirectories;
import dev.airlock.sandbox.samples.SampleDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Airlock on embedded defaults: an embedded PostgreSQL plays production and holds Pagila (owned by
 * the change role, as a real application's schema is owned by its deploy role), a second one is
 * the sandbox server, the store is an H2 file in a temporary directory, a read-only role is
 * created for Airlock, and Airlock listens with a self-signed certificate. The application, agent
 * and reviewer credentials are random for every run.
 */
public final class Demo implements AutoCloseable {
    public static final String DATABASE = "pagila";
    public static final String READONLY_ROLE = "airlock_ro";
    public static final String CHANGE_ROLE = "airlock_change";
    public static final String APPLICATION_USER = "app";
    public static final String AGENT_USER = "agent";
    public static final String AGENT_TASK = "demo-task";
    public static final String APPROVER = "dba";
    public static final String ADMIN = "admin";
    /** What the demo agent's standing task may touch: read and propose changes anywhere in public. */
    public static final TaskFacts.Scope AGENT_SCOPE = new TaskFacts.Scope(List.of("public"), List.of(),
            List.of("public.*"), List.of("dml_change", "ddl_change", "dcl_change"));
    /**
     * Pagila's functions whose bodies only read (reviewed by hand), allowed the way a DBA would
     * allow them with gate.allowed_functions, so that its views such as film_list work through
     * Airlock. rewards_report is not among them: it creates a temporary table.
     */
    public static final List<String> PAGILA_READ_FUNCTIONS = List.of("public.group_concat", "public._group_concat",
            "public.film_in_stock", "public.film_not_in_stock", "public.get_customer_balance",
            "public.inventory_held_by_customer", "public.inventory_in_stock", "public.last_day");

    private final EmbeddedServer production;
    private final EmbeddedServer sandbox;
    private final RunningAirlock airlock;
    private final Credentials credentials;
    private final Path storeDirectory;

    /** The run's random secrets. */
    public record Credentials(String application, String agent, String approverToken, String adminToken) {
    }

    private Demo(EmbeddedServer production, EmbeddedServer sandbox, RunningAirlock airlock, Credentials credentials,
                 Path storeDirectory) {
        this.production = production;
        this.sandbox = sandbox;
        this.airlock = airlock;
        this.credentials = credentials;
        this.storeDirectory = storeDirectory;
    }

    public static Demo start(int port) {
        return start(port, 8080);
    }

    public static Demo start(int port, int apiPort) {
        SecureRandom random = new SecureRandom();
        Credentials credentials = new Credentials(randomSecret(random), randomSecret(random), randomSecret(random),
                randomSecret(random));
        String readonlyPassword = randomSecret(random);
        String changePassword = randomSecret(random);
        EmbeddedServer production = EmbeddedServer.start("demo-production", Map.of());
        EmbeddedServer sandbox = null;
        Path storeDirectory = null;
        try {
            prepareProduction(production, readonlyPassword, changePassword);
            sandbox = EmbeddedServer.start("demo-sandbox", Map.of());
            storeDirectory = temporaryDirectory();
            Map<String, String> secrets = Map.of("DEMO_CHANGE_PASSWORD", changePassword);
            AirlockConfig config = new AirlockConfig(settings(port, apiPort, production, sandbox, storeDirectory),
                    List.of(Identity.application(APPLICATION_USER, ScramVerifier.fromPassword(credentials.application().toCharArray(), random)),
                            new Identity(AGENT_USER, IdentityKind.AGENT,
                                    ScramVerifier.fromPassword(credentials.agent().toCharArray(), random), "demo owner",
                                    new TaskFacts(AGENT_TASK, "the demo walkthrough", AGENT_SCOPE), HoldMode.NOTICE, false)),
                    List.of(new Approver(APPROVER, BearerTokens.hash(credentials.approverToken()))),
                    List.of(new Admin(ADMIN, BearerTokens.hash(credentials.adminToken()))), List.of());
            ProductionEndpoint endpoint = new ProductionEndpoint(production.host(), production.port(), DATABASE,
                    READONLY_ROLE, readonlyPassword, ProductionEndpoint.SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(10));
            RunningAirlock airlock = RunningAirlock.start(config, endpoint, secrets);
            return new Demo(production, sandbox, airlock, credentials, storeDirectory);
        } catch (RuntimeException e) {
            if (storeDirectory != null) {
                TemporaryDirectories.delete(storeDirectory);
            }
            if (sandbox != null) {
                sandbox.close();
            }
            production.close();
            throw e;
        }
    }

    private static Settings settings(int port, int apiPort, EmbeddedServer production, EmbeddedServer sandbox,
                                     Path storeDirectory) {
        Map<Setting<?>, Object> values = new HashMap<>();
        values.put(Setting.LISTEN_PORT, port);
        values.put(Setting.TLS_SELF_SIGNED, true);
        values.put(Setting.PRODUCTION_HOST, production.host());
        values.put(Setting.PRODUCTION_PORT, production.port());
        values.put(Setting.PRODUCTION_DATABASE, DATABASE);
        values.put(Setting.PRODUCTION_READONLY_USER, READONLY_ROLE);
        values.put(Setting.PRODUCTION_CHANGE_USER, CHANGE_ROLE);
        values.put(Setting.PRODUCTION_CHANGE_PASSWORD, SecretReference.parse("env:DEMO_CHANGE_PASSWORD"));
        values.put(Setting.GATE_ALLOWED_FUNCTIONS, PAGILA_READ_FUNCTIONS);
        values.put(Setting.SANDBOX_HOST, sandbox.host());
        values.put(Setting.SANDBOX_PORT, sandbox.port());
        values.put(Setting.SANDBOX_ADMIN_USER, EmbeddedServer.SUPERUSER);
        values.put(Setting.STORE_H2_FILE, storeDirectory.resolve("store").toString());
        values.put(Setting.API_PORT, apiPort);
        values.put(Setting.APPROVAL_QUORUM_HIGH, 1);
        values.put(Setting.APPROVAL_QUORUM_CRITICAL, 1);
        return Settings.of(values);
    }

    /** Where the demo's H2 store lives while it runs; deleted when the demo stops. */
    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("airlock-demo-store-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's store directory", e);
        }
    }

    private static void prepareProduction(EmbeddedServer production, String readonlyPassword, String changePassword) {
        production.execute("postgres", "CREATE ROLE " + CHANGE_ROLE + " LOGIN PASSWORD '" + changePassword + "'");
        production.execute("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + CHANGE_ROLE);
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
                statement.execute(OWNED_BY_CHANGE_ROLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the demo's production database: " + e.getMessage(), e);
        }
    }

    /** Pagila's objects handed to the change role, so approved changes can alter them. */
    private static final String OWNED_BY_CHANGE_ROLE = """
            DO $$
            DECLARE object record;
            BEGIN
              EXECUTE 'ALTER SCHEMA public OWNER TO %1$s';
              FOR object IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')
                                    AND d.classid = 'pg_class'::regclass AND c.relkind = 'S') LOOP
                EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE object.relkind WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                  ELSE 'TABLE' END, object.name);
              END LOOP;
              FOR object IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
                  WHERE p.pronamespace = 'public'::regnamespace LOOP
                EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE object.prokind WHEN 'p' THEN 'PROCEDURE'
                  WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, object.name);
              END LOOP;
              FOR object IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
                  WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c', 'r')
                    AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
                EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE object.typtype WHEN 'd' THEN 'DOMAIN'
                  ELSE 'TYPE' END, object.name);
              END LOOP;
            END $$""".formatted(CHANGE_ROLE);

    private static String randomSecret(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String psqlUri() {
        return psqlUri(APPLICATION_USER, credentials.application());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + airlock().port() + "/" + DATABASE + "?user=" + APPLICATION_USER
                + "&password=" + credentials.application() + "&sslmode=require";
    }

    /** The agent's connection URI (its changes are held for review). */
    public String agentPsqlUri() {
        return psqlUri(AGENT_USER, credentials.agent());
    }

    private String psqlUri(String user, String password) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + airlock().port() + "/" + DATABASE
                + "?sslmode=require";
    }

    public Credentials credentials() {
        return credentials;
    }

    /** The review API's base URL. */
    public String apiUrl() {
        return "http://127.0.0.1:" + airlock.apiPort().orElseThrow();
    }

    public AirlockServer airlock() {
        return airlock.server();
    }

    public EmbeddedServer production() {
        return production;
    }

    @Override
    public void close() {
        try {
            airlock.close();
        } finally {
            try {
                sandbox.close();
            } finally {
                production.close();
                TemporaryDirectories.delete(storeDirectory);
            }
        }
    }
}
