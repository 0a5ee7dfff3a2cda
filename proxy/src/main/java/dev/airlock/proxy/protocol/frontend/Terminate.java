package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import io.netty.buffer.ByteBuf;

/** Terminate ('X'): the client is leaving. */
public record Terminate() implements FrontendMessage {
    @Override
    public byte type() {
        return FrontendType.TERMINATE;
    }

    @Override
    public void writeBody(ByteBuf out) {
    }
}
