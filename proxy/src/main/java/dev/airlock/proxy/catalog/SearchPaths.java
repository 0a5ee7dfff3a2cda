package dev.airlock.proxy.catalog;

import java.util.ArrayList;
import java.util.List;
import dev.airlock.proxy.lexer.Identifiers;
import java.util.Set;

/**
 * Parsing and resolving search_path values the way PostgreSQL does: a comma-separated list of
 * schema names, unquoted ones down-cased, {@code "$user"} standing for the current role's name;
 * schemas that do not exist are skipped.
 */
public final class SearchPaths {
    public static final String USER = "$user";

    private SearchPaths() {
    }

    /** Splits a search_path value into names; null when the value is not a well-formed list. */
    public static List<String> parse(String value) {
        List<String> names = new ArrayList<>();
        int i = 0;
        int length = value.length();
        while (true) {
            while (i < length && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i >= length) {
                return names.isEmpty() ? names : null;
            }
            StringBuilder name = new StringBuilder();
            if (value.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= length) {
                        return null;
                    }
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < length && value.charAt(i) == '"') {
                            name.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    name.append(c);
                }
            } else {
                while (i < length && value.charAt(i) != ',' && !Character.isWhitespace(value.charAt(i))) {
                    name.append(value.charAt(i++));
                }
                if (name.length() == 0) {
                    return null;
                }
                String unquoted = name.toString();
                name.setLength(0);
                name.append(unquoted.equals(USER) ? USER : Identifiers.normalize(unquoted));
            }
            names.add(name.toString());
            while (i < length && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i >= length) {
                return names;
            }
            if (value.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }

    /** Expands "$user" and drops schemas that do not exist. */
    public static List<String> resolve(List<String> names, String role, Set<String> existing) {
        List<String> resolved = new ArrayList<>();
        if (names == null) {
            return resolved;
        }
        for (String name : names) {
            String schema = name.equals(USER) ? role : name;
            if (existing.contains(schema) && !resolved.contains(schema)) {
                resolved.add(schema);
            }
        }
        return resolved;
    }
}
