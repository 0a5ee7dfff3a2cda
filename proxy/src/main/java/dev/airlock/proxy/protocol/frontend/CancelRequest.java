package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CancelRequest: an untyped 16-byte packet on a connection of its own. */
public record CancelRequest(int processId, int secretKey) {
    public static final int LENGTH = 16;

    public static CancelRequest decode(ByteBuf body) {
        CancelRequest request = new CancelRequest(Wire.readInt(body), Wire.readInt(body));
        Wire.expectEnd(body);
        return request;
    }

    public void encode(ByteBuf out) {
        out.writeInt(LENGTH);
        out.writeInt(FrontendType.CANCEL_REQUEST_CODE);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }
}
