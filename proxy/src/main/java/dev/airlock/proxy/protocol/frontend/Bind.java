package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bind ('B'): portal and statement names, parameter format codes, parameter values exactly as
 * sent (null for SQL NULL) and result format codes.
 */
public record Bind(String portal, String statement, short[] parameterFormats, List<byte[]> parameterValues,
        short[] resultFormats) implements FrontendMessage {

    public static Bind decode(ByteBuf body) {
        String portal = Wire.readCString(body);
        String statement = Wire.readCString(body);
        short[] parameterFormats = readShorts(body);
        int valueCount = Wire.readShort(body) & 0xFFFF;
        List<byte[]> values = new ArrayList<>(valueCount);
        for (int i = 0; i < valueCount; i++) {
            int length = Wire.readInt(body);
            values.add(length == -1 ? null : Wire.readBytes(body, length));
        }
        short[] resultFormats = readShorts(body);
        Wire.expectEnd(body);
        return new Bind(portal, statement, parameterFormats, Collections.unmodifiableList(values), resultFormats);
    }

    /** The portal a Bind creates and the statement it binds. */
    public record Names(String portal, String statement) {
    }

    /**
     * Checks a Bind body's structure (every count and length within the message, nothing after the
     * end) without copying parameter values, and returns the names it binds.
     */
    public static Names validateAndReadNames(ByteBuf body) {
        ByteBuf reader = body.duplicate();
        String portal = Wire.readCString(reader);
        String statement = Wire.readCString(reader);
        int formats = Wire.readShort(reader) & 0xFFFF;
        skip(reader, formats * 2);
        int values = Wire.readShort(reader) & 0xFFFF;
        for (int i = 0; i < values; i++) {
            int length = Wire.readInt(reader);
            if (length != -1) {
                if (length < 0) {
                    throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid parameter length " + length + " in Bind");
                }
                skip(reader, length);
            }
        }
        int resultFormats = Wire.readShort(reader) & 0xFFFF;
        skip(reader, resultFormats * 2);
        Wire.expectEnd(reader);
        return new Names(portal, statement);
    }

    private static void skip(ByteBuf reader, int bytes) {
        if (reader.readableBytes() < bytes) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
        reader.skipBytes(bytes);
    }

    private static short[] readShorts(ByteBuf body) {
        int count = Wire.readShort(body) & 0xFFFF;
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = Wire.readShort(body);
        }
        return values;
    }

    @Override
    public byte type() {
        return FrontendType.BIND;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, portal);
        Wire.writeCString(out, statement);
        writeShorts(out, parameterFormats);
        out.writeShort(parameterValues.size());
        for (byte[] value : parameterValues) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(value.length);
                out.writeBytes(value);
            }
        }
        writeShorts(out, resultFormats);
    }

    private static void writeShorts(ByteBuf out, short[] values) {
        out.writeShort(values.length);
        for (short value : values) {
            out.writeShort(value);
        }
    }
}
