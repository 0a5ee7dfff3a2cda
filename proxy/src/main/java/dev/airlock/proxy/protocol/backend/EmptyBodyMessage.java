package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import io.netty.buffer.ByteBuf;

/**
 * The backend messages that are only a type byte: ParseComplete, BindComplete, CloseComplete and
 * NoData. Airlock sends them itself for statements an agent session holds for review.
 */
public enum EmptyBodyMessage implements BackendMessage {
    PARSE_COMPLETE(BackendType.PARSE_COMPLETE),
    BIND_COMPLETE(BackendType.BIND_COMPLETE),
    CLOSE_COMPLETE(BackendType.CLOSE_COMPLETE),
    NO_DATA(BackendType.NO_DATA);

    private final byte type;

    EmptyBodyMessage(byte type) {
        this.type = type;
    }

    @Override
    public byte type() {
        return type;
    }

    @Override
    public void writeBody(ByteBuf out) {
    }
}
