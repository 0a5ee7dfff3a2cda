package dev.airlock.proxy.frontend;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated StartupMessage: who the client says it is, which database it wants, the session
 * parameters Airlock handles itself (already canonical, as PostgreSQL would report them), and the
 * other run-time settings it asked for, by lower-case name, each value ready to follow
 * {@code SET name =} (a search_path, as quoted names) or to go between single quotes (anything
 * else). The gate must still allow each setting before the session may start.
 */
public record ClientStartup(String user, String database, Map<String, String> sessionParameters,
        Map<String, String> settings, boolean needsProtocolNegotiation) {
    static final String SEARCH_PATH = "search_path";
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** What may go between single quotes and mean the same to every lexer: no quote, backslash or control character. */
    private static final Pattern QUOTABLE_VALUE = Pattern.compile("[^'\\\\\\p{Cntrl}]{1,1000}");

    public ClientStartup {
        sessionParameters = Map.copyOf(sessionParameters);
        settings = Map.copyOf(settings);
        settings.forEach((name, value) -> {
            if (!isSettingName(name) || !name.equals(SEARCH_PATH) && !isQuotableValue(value)) {
                throw new IllegalArgumentException("not a start-up setting a SET can carry: " + name);
            }
        });
    }

    public String applicationName() {
        return sessionParameters.getOrDefault(StartupValidator.APPLICATION_NAME, "");
    }

    /**
     * An application_name as PostgreSQL stores it, from a start-up packet or a SET: at most 63
     * bytes, each character outside printable ASCII replaced by '?'.
     */
    public static String applicationNameAsStored(String raw) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < raw.length() && clean.length() < 63; i++) {
            char c = raw.charAt(i);
            clean.append(c >= 32 && c <= 126 ? c : '?');
        }
        return clean.toString();
    }

    /** The SET statement a start-up setting stands for: what the gate decides and production is given. */
    public static String setStatement(String name, String value) {
        return "SET " + name + " = " + (name.equals(SEARCH_PATH) ? value : "'" + value + "'");
    }

    static boolean isSettingName(String name) {
        return SETTING_NAME.matcher(name).matches();
    }

    static boolean isQuotableValue(String value) {
        return QUOTABLE_VALUE.matcher(value).matches();
    }
}
