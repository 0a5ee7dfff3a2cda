package dev.airlock.proxy.lexer;

import java.nio.charset.StandardCharsets;

/** How PostgreSQL turns an unquoted word into a name: ASCII down-casing, then truncation to 63 bytes. */
public final class Identifiers {
    /** NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    public static String normalize(String word) {
        return truncate(downcaseAscii(word));
    }

    /** ASCII letters only: PostgreSQL does not down-case other characters in multi-byte encodings. */
    public static String downcaseAscii(String word) {
        int first = 0;
        while (first < word.length() && (word.charAt(first) < 'A' || word.charAt(first) > 'Z')) {
            first++;
        }
        if (first == word.length()) {
            return word;
        }
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
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
