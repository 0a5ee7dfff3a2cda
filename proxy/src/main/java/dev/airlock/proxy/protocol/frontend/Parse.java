package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Parse ('P'): a statement name (empty for the unnamed statement), its text and parameter type OIDs. */
public record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {

    public static Parse decode(ByteBuf body) {
        String name = Wire.readCString(body);
        String sql = Wire.readCString(body);
        int count = Wire.readShort(body) & 0xFFFF;
        if (body.readableBytes() != count * 4) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = body.readInt();
        }
        return new Parse(name, sql, types);
    }

    @Override
    public byte type() {
        return FrontendType.PARSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, name);
        Wire.writeCString(out, sql);
        out.writeShort(parameterTypes.length);
        for (int type : parameterTypes) {
            out.writeInt(type);
        }
    }
}
