package dev.airlock.approver.audit;

import java.time.Instant;

/**
 * {@link Instant#toString()}, character for character, for the audit writer's many instants in
 * the same second: the date and time of day are formatted once per second and only the fraction
 * for each instant (0, 3, 6 or 9 digits, as ISO_INSTANT prints it). Years outside 0000–9999 take
 * {@link Instant#toString()} itself. Not thread-safe: one instance per thread or per batch.
 */
final class InstantText {
    /** {@code yyyy-MM-ddTHH:mm:ssZ}: the text of a whole second in years 0000 to 9999. */
    private static final int SECOND_TEXT = 20;

    private long second = Long.MIN_VALUE;
    private final char[] text = new char[SECOND_TEXT + 10];

    String of(Instant at) {
        if (at.getEpochSecond() != second && !cacheSecond(at.getEpochSecond())) {
            return at.toString();
        }
        int nanos = at.getNano();
        int length = SECOND_TEXT - 1;
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1000 : nanos;
            text[length++] = '.';
            for (int i = length + digits - 1; i >= length; i--) {
                text[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    private boolean cacheSecond(long epochSecond) {
        String whole = Instant.ofEpochSecond(epochSecond).toString();
        if (whole.length() != SECOND_TEXT) {
            return false;
        }
        whole.getChars(0, SECOND_TEXT - 1, text, 0);
        second = epochSecond;
        return true;
    }
}
