package dev.airlock.proxy.frontend;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import java.util.Locale;

/**
 * Canonical form of a DateStyle value, as PostgreSQL reports it in ParameterStatus: an output
 * style (ISO, SQL, Postgres, German) and a field order (MDY, DMY, YMD), e.g. "ISO, MDY". Parts a
 * client leaves out take PostgreSQL's defaults.
 */
final class DateStyles {
    private DateStyles() {
    }

    static String canonical(String value) {
        String style = null;
        String order = null;
        boolean germanOrder = false;
        for (String part : value.split(",")) {
            String token = part.trim().toLowerCase(Locale.ROOT);
            switch (token) {
                case "iso" -> style = pick(style, "ISO", value);
                case "sql" -> style = pick(style, "SQL", value);
                case "postgres" -> style = pick(style, "Postgres", value);
                case "german" -> {
                    style = pick(style, "German", value);
                    germanOrder = true;
                }
                case "ymd" -> order = pick(order, "YMD", value);
                case "dmy", "euro", "european" -> order = pick(order, "DMY", value);
                case "mdy", "us", "noneuro", "noneuropean" -> order = pick(order, "MDY", value);
                case "default" -> {
                }
                default -> throw invalid(value);
            }
        }
        if (order == null) {
            order = germanOrder ? "DMY" : "MDY";
        }
        return (style == null ? "ISO" : style) + ", " + order;
    }

    private static String pick(String current, String chosen, String value) {
        if (current != null && !current.equals(chosen)) {
            throw invalid(value);
        }
        return chosen;
    }

    private static PgException invalid(String value) {
        return PgException.fatal(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"DateStyle\": \"" + value + "\"");
    }
}
