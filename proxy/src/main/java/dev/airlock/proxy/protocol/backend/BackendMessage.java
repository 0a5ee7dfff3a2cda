package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** A message Airlock sends to a client in the server's role. */
public interface BackendMessage {
    byte type();

    void writeBody(ByteBuf out);

    default void encode(ByteBuf out) {
        int lengthAt = Wire.beginMessage(out, type());
        writeBody(out);
        Wire.endMessage(out, lengthAt);
    }
}
