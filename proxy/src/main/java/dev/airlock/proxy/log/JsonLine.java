package dev.airlock.proxy.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON object per line, written into a reusable byte buffer: object with string and number
 * fields, strings escaped per RFC 8259 (quote, backslash and control characters). Enough for the
 * statement log, and cheaper than a general JSON library on the hot path of the writer thread.
 */
final class JsonLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private boolean firstField;

    void begin() {
        ensure(1);
        buffer[length++] = '{';
        firstField = true;
    }

    void end() {
        ensure(2);
        buffer[length++] = '}';
        buffer[length++] = '\n';
    }

    void field(String name, String value) {
        name(name);
        string(value);
    }

    void field(String name, long value) {
        name(name);
        ascii(Long.toString(value));
    }

    private void name(String name) {
        ensure(name.length() + 4);
        if (!firstField) {
            buffer[length++] = ',';
        }
        firstField = false;
        buffer[length++] = '"';
        for (int i = 0; i < name.length(); i++) {
            buffer[length++] = (byte) name.charAt(i);
        }
        buffer[length++] = '"';
        buffer[length++] = ':';
    }

    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    /** Plain ASCII is copied in a tight loop on locals; runs of other characters are encoded as UTF-8 in one go. */
    private void string(String value) {
        int n = value.length();
        ensure(n * 6 + 2);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
                i++;
            } else if (c >= 0x80) {
                int end = i + 1;
                while (end < n && value.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, out, at, utf8.length);
                at += utf8.length;
                i = end;
            } else {
                at = escape(c, out, at);
                i++;
            }
        }
        out[at++] = '"';
        length = at;
    }

    private static int escape(char c, byte[] out, int at) {
        out[at++] = '\\';
        if (c == '"' || c == '\\') {
            out[at++] = (byte) c;
            return at;
        }
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[c >> 4];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }
}
