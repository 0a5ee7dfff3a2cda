package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CopyFail ('f'): aborts a COPY FROM STDIN with a reason. */
public record CopyFail(String reason) implements FrontendMessage {
    @Override
    public byte type() {
        return FrontendType.COPY_FAIL;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, reason);
    }
}
