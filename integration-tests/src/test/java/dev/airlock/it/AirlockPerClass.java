package dev.airlock.it;

import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.server.AirlockServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestAirlock} in front of the shared test production for the whole of one test class.
 * Declared as a static {@code @RegisterExtension} field, it starts before the class's first test,
 * closes after its last, and answers for the running Airlock in between.
 */
final class AirlockPerClass implements BeforeAllCallback, AfterAllCallback {
    private final String database;
    private final Map<Setting<?>, Object> overrides;
    private TestAirlock airlock;

    AirlockPerClass(String database) {
        this(database, Map.of());
    }

    AirlockPerClass(String database, Map<Setting<?>, Object> overrides) {
        this.database = database;
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        airlock = TestAirlock.start(database, overrides);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (airlock != null) {
            airlock.close();
            airlock = null;
        }
    }

    int port() {
        return airlock.port();
    }

    AirlockServer server() {
        return airlock.server();
    }

    /** A pgjdbc connection through Airlock as the application identity; see {@link TestAirlock#connect(String)}. */
    Connection connect(String parameters) throws SQLException {
        return airlock.connect(parameters);
    }

    Connection connect() throws SQLException {
        return airlock.connect();
    }
}
