package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Describe ('D') of a prepared statement or a portal. */
public record Describe(DescribeTarget target, String name) implements FrontendMessage {

    public static Describe decode(ByteBuf body) {
        DescribeTarget target = DescribeTarget.of(Wire.readByte(body));
        String name = Wire.readCString(body);
        Wire.expectEnd(body);
        return new Describe(target, name);
    }

    @Override
    public byte type() {
        return FrontendType.DESCRIBE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(target.code());
        Wire.writeCString(out, name);
    }
}
