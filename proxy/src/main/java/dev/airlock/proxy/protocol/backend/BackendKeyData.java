package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** BackendKeyData ('K'): the process id and secret a client quotes in a CancelRequest. */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {

    public static BackendKeyData decode(ByteBuf body) {
        BackendKeyData key = new BackendKeyData(Wire.readInt(body), Wire.readInt(body));
        Wire.expectEnd(body);
        return key;
    }

    @Override
    public byte type() {
        return BackendType.BACKEND_KEY_DATA;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeInt(processId);
        out.writeInt(secretKey);
    }
}
