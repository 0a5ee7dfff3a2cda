package dev.airlock.proxy.lexer;

import java.nio.charset.StandardCharsets;

/** How PostgreSQL turns an unquoted word into a name: ASCII down-casing, then truncation to 63 bytes. */
public final class Identifiers {
    /** NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    public static String normalize(String word) {
        return normalize(word, 0, word.length());
    }

    /**
     * {@link #normalize(String)} of {@code text[start, end)}, copying its characters once. Only
     * ASCII letters are down-cased: PostgreSQL does not down-case other characters in multi-byte
     * encodings.
     */
    public static String normalize(String text, int start, int end) {
        int first = start;
        while (first < end && !isAsciiUpper(text.charAt(first))) {
            first++;
        }
        if (first == end) {
            return truncate(text.substring(start, end));
        }
        char[] chars = new char[end - start];
        text.getChars(start, end, chars, 0);
        for (int i = first - start; i < chars.length; i++) {
            if (isAsciiUpper(chars[i])) {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return truncate(new String(chars));
    }

    private static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Cuts a name to 63 bytes of UTF-8 without splitting a character, as PostgreSQL does. */
    public static String truncate(String name) {
        if (name.length() * 3 <= MAX_BYTES || name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return name.substring(0, i);
    }
}
