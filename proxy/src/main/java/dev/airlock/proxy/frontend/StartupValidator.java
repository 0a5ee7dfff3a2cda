package dev.airlock.proxy.frontend;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a StartupMessage against an allowlist. PostgreSQL accepts any run-time parameter as a
 * start-up parameter, including ones that switch off read-only enforcement, so Airlock accepts
 * only those that cannot change what a statement does: user, database, application_name,
 * client_encoding, DateStyle, TimeZone, IntervalStyle and extra_float_digits.
 *
 * <p>Production is always spoken to in UTF8, so the gate lexes exactly the bytes the server
 * parses. A client may ask for UTF8 or SQL_ASCII, what libpq (psql) asks for under the C locale:
 * PostgreSQL converts nothing for a SQL_ASCII client and checks its bytes as the server's
 * encoding, so those bytes are the same as a UTF8 client's, and the client is told
 * {@code client_encoding=UTF8}. Any other encoding would need a conversion, and is refused.
 *
 * <p>A repeated name, {@code options}, {@code replication}, any other parameter and any
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

    private static final int NAME_DATA_LENGTH = 63;
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
        session.put(CLIENT_ENCODING, "UTF8");
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case USER, DATABASE -> {
                }
                case APPLICATION_NAME -> session.put(APPLICATION_NAME, cleanApplicationName(value));
                case CLIENT_ENCODING -> checkEncoding(value);
                case "datestyle" -> session.put(DATE_STYLE, DateStyles.canonical(value));
                case "timezone" -> session.put(TIME_ZONE, checkTimeZone(value));
                case "intervalstyle" -> session.put(INTERVAL_STYLE, checkIntervalStyle(value));
                case EXTRA_FLOAT_DIGITS -> session.put(EXTRA_FLOAT_DIGITS, checkExtraFloatDigits(value));
                case "replication" -> throw refused(SqlState.FEATURE_NOT_SUPPORTED,
                        "replication connections are not allowed through Airlock");
                case "options" -> throw refused(SqlState.PROTOCOL_VIOLATION,
                        "startup parameter \"options\" is not allowed: Airlock does not pass server options");
                default -> throw name.startsWith("_pq_.")
                        ? refused(SqlState.PROTOCOL_VIOLATION, "unsupported protocol option \"" + name + "\"")
                        : refused(SqlState.PROTOCOL_VIOLATION, "startup parameter \"" + name + "\" is not allowed")
                                .withHint("Airlock accepts user, database, application_name, client_encoding, "
                                        + "DateStyle, TimeZone, IntervalStyle and extra_float_digits.");
            }
        }
        if (message.majorVersion() != 3) {
            throw refused(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + message.majorVersion());
        }
        return new ClientStartup(user, database, session, message.minorVersion() > 0);
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

    /** PostgreSQL truncates application_name and replaces non-printable ASCII with '?'. */
    private static String cleanApplicationName(String value) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < value.length() && clean.length() < NAME_DATA_LENGTH; i++) {
            char c = value.charAt(i);
            clean.append(c >= 32 && c <= 126 ? c : '?');
        }
        return clean.toString();
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
