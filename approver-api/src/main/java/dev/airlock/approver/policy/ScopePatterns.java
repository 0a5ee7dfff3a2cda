package dev.airlock.approver.policy;

import java.util.List;
import java.util.Locale;

/**
 * The patterns a task's scope is written in: a qualified name ({@code public.film}) or a whole
 * schema ({@code analytics.*}). Names compare case-insensitively, as the gate reports unquoted
 * identifiers in lower case.
 */
public final class ScopePatterns {
    private ScopePatterns() {
    }

    /** True when some pattern covers {@code name}; the unknown target {@code "*"} is never covered. */
    public static boolean covers(List<?> patterns, String name) {
        if (name == null || name.equals(StatementFacts.ANY) || name.isEmpty()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Object pattern : patterns) {
            String text = String.valueOf(pattern).toLowerCase(Locale.ROOT);
            if (text.equals(lower) || text.endsWith(".*") && text.length() > 2
                    && lower.startsWith(text.substring(0, text.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Checks one pattern as a task request gives it; returns the reason it is not a pattern, or null. */
    public static String problem(String pattern) {
        if (pattern == null || !pattern.matches("[^.\\s*]+\\.([^.\\s*]+|\\*)")) {
            return "'" + pattern + "' is not schema.table or schema.*";
        }
        return null;
    }
}
