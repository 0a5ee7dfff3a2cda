package dev.airlock.it;

import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.proxy.server.AirlockServer;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** An Airlock in front of {@link TestProduction} on a free port, with the application identity "app". */
public final class TestAirlock implements AutoCloseable {
    public static final String APPLICATION = "app";
    public static final String APPLICATION_PASSWORD = "app-secret";
    private static final ScramVerifier APPLICATION_VERIFIER =
            ScramVerifier.fromPassword(APPLICATION_PASSWORD.toCharArray(), new SecureRandom());

    private final AirlockServer server;
    private final String database;

    private TestAirlock(AirlockServer server, String database) {
        this.server = server;
        this.database = database;
    }

    public static TestAirlock start(String database) {
        return start(database, Map.of());
    }

    public static TestAirlock start(String database, Map<Setting<?>, Object> overrides) {
        return start(database, overrides, List.of(), ControlPlaneLink.NONE, new SimpleMeterRegistry());
    }

    /** With more identities (agents, say) and where their changes are filed. */
    public static TestAirlock start(String database, Map<Setting<?>, Object> overrides, List<Identity> more,
            ControlPlaneLink controlPlane, MeterRegistry metrics) {
        TestProduction production = TestProduction.get();
        return start(production.host(), production.port(), database, overrides, more, controlPlane, metrics);
    }

    /**
     * In front of a production server of the test's own (which has the read-only role of
     * {@link TestProduction}, with its password), for tests that stop or restart production.
     */
    public static TestAirlock startIn(EmbeddedServer production, String database, Map<Setting<?>, Object> overrides) {
        return start(production.host(), production.port(), database, overrides, List.of(), ControlPlaneLink.NONE,
                new SimpleMeterRegistry());
    }

    private static TestAirlock start(String host, int port, String database, Map<Setting<?>, Object> overrides,
            List<Identity> more, ControlPlaneLink controlPlane, MeterRegistry metrics) {
        Map<Setting<?>, Object> values = new HashMap<>();
        values.put(Setting.LISTEN_PORT, 0);
        values.put(Setting.TLS_SELF_SIGNED, true);
        values.put(Setting.PRODUCTION_HOST, host);
        values.put(Setting.PRODUCTION_PORT, port);
        values.put(Setting.PRODUCTION_DATABASE, database);
        values.put(Setting.PRODUCTION_READONLY_USER, TestProduction.READONLY_ROLE);
        values.put(Setting.LOG_STATEMENTS_FILE, "target/statements.log");
        values.putAll(overrides);
        ProductionEndpoint endpoint = new ProductionEndpoint(host, port, database,
                TestProduction.READONLY_ROLE, TestProduction.READONLY_PASSWORD, ProductionEndpoint.SslMode.DISABLE,
                Optional.empty(), Duration.ofSeconds(10));
        List<Identity> identities = new ArrayList<>(more);
        identities.add(Identity.application(APPLICATION, APPLICATION_VERIFIER));
        return new TestAirlock(AirlockServer.start(Settings.of(values), identities, endpoint, controlPlane, metrics),
                database);
    }

    public int port() {
        return server.port();
    }

    public AirlockServer server() {
        return server;
    }

    public String jdbcUrl(String parameters) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** A pgjdbc connection through Airlock as "app"; {@code parameters} are extra URL parameters. */
    public Connection connect(String parameters) throws SQLException {
        return connectAs(APPLICATION, APPLICATION_PASSWORD, parameters);
    }

    public Connection connectAs(String user, String password, String parameters) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(parameters), properties);
    }

    public Connection connect() throws SQLException {
        return connect("");
    }

    @Override
    public void close() {
        server.close();
    }
}
