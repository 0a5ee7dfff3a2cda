package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CommandComplete ('C') with its command tag, such as "SET" or "SELECT 3". */
public record CommandComplete(String tag) implements BackendMessage {
    @Override
    public byte type() {
        return BackendType.COMMAND_COMPLETE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, tag);
    }
}
