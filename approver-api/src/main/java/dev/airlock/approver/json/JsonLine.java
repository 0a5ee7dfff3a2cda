package dev.airlock.approver.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON objects, one per line, written into a reusable byte buffer: string (or null), number and
 * already-encoded fields, strings escaped per RFC 8259 (quote, backslash and control characters).
 * Enough for the statement log and the audit log's lines, and several times cheaper than a
 * general JSON library on their writer threads.
 */
public final class JsonLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;
    private boolean firstField;

    public JsonLine(int capacity) {
        buffer = new byte[capacity];
    }

    public void begin() {
        ensure(1);
        buffer[length++] = '{';
        firstField = true;
    }

    public void end() {
        ensure(2);
        buffer[length++] = '}';
        buffer[length++] = '\n';
    }

    /** A string field; null is written as JSON null. */
    public void field(String name, String value) {
        name(name);
        if (value == null) {
            raw(NULL, NULL.length);
        } else {
            string(value);
        }
    }

    public void field(String name, long value) {
        name(name);
        ascii(Long.toString(value));
    }

    /** A field whose value is already JSON in UTF-8 (a quoted string, say), written as it is. */
    public void rawField(String name, byte[] json) {
        name(name);
        raw(json, json.length);
    }

    /** {@code value} as a quoted, escaped JSON string in UTF-8, for {@link #rawField}. */
    public static byte[] quoted(String value) {
        JsonLine line = new JsonLine(value.length() * 6 + 2);
        line.string(value);
        return Arrays.copyOf(line.buffer, line.length);
    }

    private void raw(byte[] bytes, int count) {
        ensure(count);
        System.arraycopy(bytes, 0, buffer, length, count);
        length += count;
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

    /** The buffer; its first {@link #length()} bytes are the lines written since {@link #clear()}. */
    public byte[] bytes() {
        return buffer;
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }
}
