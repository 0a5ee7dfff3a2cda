package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field list shared by ErrorResponse and NoticeResponse: single-byte codes ('S' severity,
 * 'V' non-localised severity, 'C' SQLSTATE, 'M' message, 'D' detail, 'H' hint, ...) each followed
 * by a string, the list ended by a zero byte.
 */
public record ErrorFields(Map<Character, String> fields) {
    public static final char SEVERITY = 'S';
    public static final char SEVERITY_NONLOCALIZED = 'V';
    public static final char CODE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';
    public static final char POSITION = 'P';

    public ErrorFields {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ErrorFields decode(ByteBuf body) {
        Map<Character, String> fields = new LinkedHashMap<>();
        while (true) {
            byte code = Wire.readByte(body);
            if (code == 0) {
                return new ErrorFields(fields);
            }
            fields.put((char) code, Wire.readCString(body));
        }
    }

    public void writeTo(ByteBuf out) {
        fields.forEach((code, value) -> {
            out.writeByte(code);
            Wire.writeCString(out, value);
        });
        out.writeByte(0);
    }

    public String get(char code) {
        return fields.get(code);
    }
}
