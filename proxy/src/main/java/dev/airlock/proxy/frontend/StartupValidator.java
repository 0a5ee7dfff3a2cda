package dev.airlock.proxy.frontend;

import dev.airlock.proxy.catalog.SearchPaths;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a StartupMessage. PostgreSQL accepts any run-time parameter as a start-up parameter,
 * including ones that switch off read-only enforcement. Airlock itself handles user, database,
 * application_name, client_encoding, DateStyle, TimeZone, IntervalStyle and extra_float_digits.
 * Any other name is a run-time setting ({@link ClientStartup#settings}) that the gate must still
 * allow as the SET it stands for (drivers send {@code search_path} for pgjdbc's
 * {@code currentSchema}, {@code statement_timeout} for node-postgres): here its value is only
 * checked to be one a SET can carry exactly, a search_path as a list of names, anything else
 * without quotes, backslashes or control characters.
 *
 * <p>Production is always spoken to in UTF8, so the gate lexes exactly the bytes the server
 * parses. A client may ask for UTF8 or SQL_ASCII, what libpq (psql) asks for under the C locale:
 * PostgreSQL converts nothing for a SQL_ASCII client and checks its bytes as the server's
 * encoding, so those bytes are the same as a UTF8 client's, and the client is told
 * {@code client_encoding=UTF8}. Any other encoding would need a conversion, and is refused.
 *
 * <p>A repeated name, {@code options}, {@code replication}, a malformed value and any
 * {@code _pq_.} protocol option end the connection with a FATAL error naming the parameter.
 */
public final class StartupValidator {
    public static final String USER = "user";
    public static final String DATABASE = "database";
    public static final String APPLICATION_NAME = "application_name";
    public static final String CLIENT_ENCODING = "client_encoding";
    public static final String DATE_STYLE = "DateStyle";
    public static final String TIME_ZONE = "TimeZone";
    public static final String INTERVAL_STYLE = "IntervalStyle";
    public static final String EXTRA_FLOAT_DIGITS = "extra_float_digits";

    private static final Pattern TIME_ZONE_FORM = Pattern.compile("[A-Za-z0-9_/+\\-:.]{1,63}");
    private static final Set<String> INTERVAL_STYLES = Set.of("postgres", "postgres_verbose", "sql_standard", "iso_8601");
    private static final Set<String> UTF8_COMPATIBLE = Set.of("utf8", "unicode", "sqlascii");

    private StartupValidator() {
    }

    public static ClientStartup validate(StartupMessage message) {
        Map<String, String> given = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (StartupMessage.Parameter parameter : message.parameters()) {
            String name = parameter.name();
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw refused(SqlState.PROTOCOL_VIOLATION, "startup parameter \"" + name + "\" is given more than once");
            }
            given.put(name, parameter.value());
        }
        String user = required(given, USER);
        String database = required(given, DATABASE);
        Map<String, String> session = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        session.put(CLIENT_ENCODING, "UTF8");
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case USER, DATABASE -> {
                }
                case APPLICATION_NAME -> session.put(APPLICATION_NAME, ClientStartup.applicationNameAsStored(value));
                case CLIENT_ENCODING -> checkEncoding(value);
                case "datestyle" -> session.put(DATE_STYLE, DateStyles.canonical(value));
                case "timezone" -> session.put(TIME_ZONE, checkTimeZone(value));
                case "intervalstyle" -> session.put(INTERVAL_STYLE, checkIntervalStyle(value));
                case EXTRA_FLOAT_DIGITS -> session.put(EXTRA_FLOAT_DIGITS, checkExtraFloatDigits(value));
                case "replication" -> throw refused(SqlState.FEATURE_NOT_SUPPORTED,
                        "replication connections are not allowed through Airlock");
                case "options" -> throw refused(SqlState.PROTOCOL_VIOLATION,
                        "startup parameter \"options\" is not allowed: Airlock does not pass server options");
                default -> {
                    if (name.startsWith("_pq_.")) {
                        throw refused(SqlState.PROTOCOL_VIOLATION, "unsupported protocol option \"" + name + "\"");
                    }
                    String setting = name.toLowerCase(Locale.ROOT);
                    if (!ClientStartup.isSettingName(setting)) {
                        throw refused(SqlState.PROTOCOL_VIOLATION, "startup parameter \"" + name + "\" is not allowed")
                                .withHint("A run-time setting is named with letters, digits and underscores.");
                    }
                    settings.put(setting, settingValue(setting, value));
                }
            }
        }
        if (message.majorVersion() != 3) {
            throw refused(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + message.majorVersion());
        }
        return new ClientStartup(user, database, session, settings, message.minorVersion() > 0);
    }

    private static String required(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null || value.isEmpty()) {
            throw refused(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no " + name + " given in the startup packet")
                    .withHint("Connect with both a user name and a database name.");
        }
        return value;
    }

    private static void checkEncoding(String value) {
        String normalized = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (!UTF8_COMPATIBLE.contains(normalized)) {
            throw refused(SqlState.PROTOCOL_VIOLATION, "client_encoding \"" + value
                    + "\" is not allowed: Airlock speaks only UTF8 (SQL_ASCII is taken as UTF8)")
                    .withHint("Set PGCLIENTENCODING=UTF8 or the driver's client encoding to UTF8.");
        }
    }

    private static String checkTimeZone(String value) {
        if (!TIME_ZONE_FORM.matcher(value).matches()) {
            throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"TimeZone\": \"" + value + "\"");
        }
        return value;
    }

    private static String checkIntervalStyle(String value) {
        String style = value.toLowerCase(Locale.ROOT);
        if (!INTERVAL_STYLES.contains(style)) {
            throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"IntervalStyle\": \"" + value + "\"");
        }
        return style;
    }

    /**
     * The value as the right-hand side of a SET that means exactly what PostgreSQL makes of the
     * start-up parameter: a search_path as its names, each quoted (PostgreSQL splits the raw value
     * into names itself, which SET would not do with one string), anything else as it is, to go
     * between single quotes.
     */
    private static String settingValue(String name, String value) {
        if (name.equals(ClientStartup.SEARCH_PATH)) {
            List<String> schemas = SearchPaths.parse(value);
            if (schemas == null || schemas.isEmpty()) {
                throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"search_path\": \"" + value + "\"")
                        .withHint("Give a comma-separated list of schema names.");
            }
            return schemas.stream().map(StartupValidator::quoteIdentifier).collect(Collectors.joining(", "));
        }
        if (!ClientStartup.isQuotableValue(value)) {
            throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"" + name
                    + "\": Airlock takes start-up settings without quotes, backslashes or control characters");
        }
        return value;
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String checkExtraFloatDigits(String value) {
        try {
            int digits = Integer.parseInt(value.trim());
            if (digits >= -15 && digits <= 3) {
                return Integer.toString(digits);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"extra_float_digits\": \"" + value + "\"");
    }

    private static PgException refused(SqlState sqlState, String message) {
        return PgException.fatal(sqlState, message);
    }
}
