package dev.airlock.approver.audit;

import java.util.Optional;

/**
 * Replaces the literals of a SQL text with {@code ?}: '...' strings (with their E, B, X and N
 * prefixes), $tag$ quotes and numbers; comments are dropped, since they can hold anything.
 * Quoted identifiers, {@code $1} placeholders and everything else stay as written.
 *
 * <p>Conservative on purpose: whenever the text might be read differently by the server than by
 * this scanner, it answers empty and the caller records a hash instead (fail closed). That covers
 * an unterminated quote or comment, a backslash in a standard string (its meaning depends on
 * {@code standard_conforming_strings}), a backslash outside any literal, Unicode-escape strings
 * ({@code U&'...'}) and NUL characters.
 */
public final class SqlRedactor {
    private SqlRedactor() {
    }

    /** The text with every literal replaced by {@code ?}, or empty when unsure. */
    public static Optional<String> redact(String sql) {
        if (sql.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\0' || c == '\\') {
                return Optional.empty();
            }
            if (c == '\'') {
                Boolean escapes = dropPrefix(out);
                if (escapes == null) {
                    return Optional.empty();
                }
                int end = endOfString(sql, i + 1, escapes);
                if (end < 0) {
                    return Optional.empty();
                }
                out.append('?');
                i = end;
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == '"') {
                    end = sql.indexOf('"', end + 2);
                }
                if (end < 0) {
                    return Optional.empty();
                }
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                out.append(' ');
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = endOfBlockComment(sql, i + 2);
                if (end < 0) {
                    return Optional.empty();
                }
                out.append(' ');
                i = end;
            } else if (c == '$' && !inIdentifier(out)) {
                if (i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < n && Character.isDigit(sql.charAt(end))) {
                        end++;
                    }
                    out.append(sql, i, end);
                    i = end;
                    continue;
                }
                int tagEnd = i + 1;
                while (tagEnd < n && isIdentifierPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
                    tagEnd++;
                }
                if (tagEnd >= n || sql.charAt(tagEnd) != '$' || (tagEnd > i + 1 && Character.isDigit(sql.charAt(i + 1)))) {
                    return Optional.empty();
                }
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    return Optional.empty();
                }
                out.append('?');
                i = close + tag.length();
            } else if ((Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))))
                    && !inIdentifier(out)) {
                int end = i;
                while (end < n) {
                    char d = sql.charAt(end);
                    if (Character.isLetterOrDigit(d) || d == '_' || d == '.') {
                        end++;
                    } else if ((d == '+' || d == '-') && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E')
                            && !sql.substring(i, end).toLowerCase(java.util.Locale.ROOT).startsWith("0x")) {
                        end++;
                    } else {
                        break;
                    }
                }
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * Removes a string prefix just written (E, B, X, N; U&amp; is refused): true when the
     * string takes backslash escapes (E), false for the others, null (refuse) for U&amp;.
     */
    private static Boolean dropPrefix(StringBuilder out) {
        int length = out.length();
        if (length >= 2 && out.charAt(length - 1) == '&' && Character.toUpperCase(out.charAt(length - 2)) == 'U') {
            return null;
        }
        if (length >= 1 && (length == 1 || !isIdentifierPart(out.charAt(length - 2)))) {
            char prefix = Character.toUpperCase(out.charAt(length - 1));
            if (prefix == 'E' || prefix == 'B' || prefix == 'X' || prefix == 'N') {
                out.setLength(length - 1);
                return prefix == 'E';
            }
        }
        if (length >= 1 && isIdentifierPart(out.charAt(length - 1))) {
            return null; // an identifier glued to a quote: not a form this scanner knows
        }
        return false;
    }

    /** The index after the closing quote of a string whose body starts at {@code from}, or -1 when unsure. */
    private static int endOfString(String sql, int from, boolean escapes) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                if (!escapes) {
                    return -1;
                }
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The index after a (possibly nested) block comment whose body starts at {@code from}, or -1. */
    private static int endOfBlockComment(String sql, int from) {
        int depth = 1;
        int i = from;
        while (i + 1 < sql.length()) {
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    private static boolean inIdentifier(StringBuilder out) {
        return out.length() > 0 && isIdentifierPart(out.charAt(out.length() - 1));
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }
}
