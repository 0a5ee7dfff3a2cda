package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Query ('Q'): one or more statements in the simple query protocol. */
public record Query(String sql) implements FrontendMessage {

    public static Query decode(ByteBuf body) {
        String sql = Wire.readCString(body);
        Wire.expectEnd(body);
        return new Query(sql);
    }

    @Override
    public byte type() {
        return FrontendType.QUERY;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, sql);
    }
}
