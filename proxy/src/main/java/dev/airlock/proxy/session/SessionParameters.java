package dev.airlock.proxy.session;

import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.frontend.StartupValidator;
import dev.airlock.proxy.protocol.backend.ParameterStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A session's parameters on both sides of Airlock. Production connections are pooled, so what a
 * session has set must be given to whichever connection it is attached to ({@link #settingsSql});
 * and the client must hear of a parameter only what PostgreSQL would tell it, so a pooled
 * connection's reports reach it only when they say something new ({@link #reportChanged}).
 */
final class SessionParameters {
    private static final String DOLLAR_TAG = "$airlock$";

    /** What production must be given on attach: the start-up parameters and settings, and deferred SETs. */
    private final Map<String, String> desired = new HashMap<>();
    /** What the client has been told, by ParameterStatus, each parameter is. */
    private final Map<String, String> reported = new HashMap<>();
    /** The start-up values only production can judge: TimeZone and the run-time settings. */
    private final Map<String, String> forProductionToJudge;

    /** A session that started with {@code startup} on a production that reports {@code server}. */
    SessionParameters(ClientStartup startup, Map<String, String> server) {
        desired.putAll(startup.sessionParameters());
        desired.putAll(startup.settings());
        desired.remove("client_encoding");
        desired.put("application_name", startup.applicationName());
        reported.putAll(server);
        reported.put("application_name", startup.applicationName());
        startup.sessionParameters().forEach((name, value) -> {
            if (!name.equals("extra_float_digits")) {
                reported.put(name, value);
            }
        });
        Map<String, String> judged = new HashMap<>(startup.settings());
        String timeZone = startup.sessionParameters().get(StartupValidator.TIME_ZONE);
        if (timeZone != null) {
            judged.put(StartupValidator.TIME_ZONE, timeZone);
        }
        forProductionToJudge = Map.copyOf(judged);
    }

    /**
     * The start-up values Airlock cannot check itself (any zone name PostgreSQL's time zone
     * database has, any setting of any extension) and production may refuse.
     */
    Map<String, String> forProductionToJudge() {
        return forProductionToJudge;
    }

    /** Every parameter the client is told about when its session starts. */
    void reportAll(Consumer<ParameterStatus> client) {
        reported.forEach((name, value) -> client.accept(new ParameterStatus(name, value)));
    }

    /**
     * Keeps a SET answered without production for the next attach; {@code true} when the client
     * must be told the new value, as PostgreSQL would tell it.
     */
    boolean defer(DeferredSetting setting) {
        desired.put(setting.name(), setting.value());
        return setting.isReported() && reportChanged(setting.name(), setting.value());
    }

    /** Notes that the client hears {@code name} is {@code value}; {@code false} if it already knew. */
    boolean reportChanged(String name, String value) {
        return !value.equals(reported.put(name, value));
    }

    /**
     * SET statements that give a connection whose parameters are {@code connection} this session's;
     * null when it has them all. Values were validated at start-up (start-up settings are the very
     * SETs the gate allowed) or by {@link DeferredSetting}; application_name is dollar-quoted.
     */
    String settingsSql(Map<String, String> connection) {
        StringBuilder sql = new StringBuilder();
        desired.forEach((name, value) -> {
            if (value.equals(connection.get(name))) {
                return;
            }
            sql.append(name.equals("application_name")
                    ? "SET application_name = " + DOLLAR_TAG + value.replace(DOLLAR_TAG, "?") + DOLLAR_TAG
                    : ClientStartup.setStatement(name, value)).append("; ");
        });
        return sql.length() == 0 ? null : sql.toString();
    }
}
