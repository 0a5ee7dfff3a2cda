package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** A typed message Airlock sends to PostgreSQL in the client's role. */
public interface FrontendMessage {
    byte type();

    void writeBody(ByteBuf out);

    default void encode(ByteBuf out) {
        int lengthAt = Wire.beginMessage(out, type());
        writeBody(out);
        Wire.endMessage(out, lengthAt);
    }
}
