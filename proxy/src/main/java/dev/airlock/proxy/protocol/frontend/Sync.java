package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import io.netty.buffer.ByteBuf;

/** Sync ('S'): ends an extended-protocol batch. */
public record Sync() implements FrontendMessage {
    @Override
    public byte type() {
        return FrontendType.SYNC;
    }

    @Override
    public void writeBody(ByteBuf out) {
    }
}
