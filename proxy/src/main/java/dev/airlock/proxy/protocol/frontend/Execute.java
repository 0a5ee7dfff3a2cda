package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Execute ('E') of a portal, returning at most {@code maxRows} rows (0: all). */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    public static Execute decode(ByteBuf body) {
        String portal = Wire.readCString(body);
        int maxRows = Wire.readInt(body);
        Wire.expectEnd(body);
        return new Execute(portal, maxRows);
    }

    @Override
    public byte type() {
        return FrontendType.EXECUTE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, portal);
        out.writeInt(maxRows);
    }
}
