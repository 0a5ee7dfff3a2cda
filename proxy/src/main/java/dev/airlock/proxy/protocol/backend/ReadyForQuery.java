package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** ReadyForQuery ('Z'). */
public record ReadyForQuery(TransactionStatus status) implements BackendMessage {

    public static ReadyForQuery decode(ByteBuf body) {
        TransactionStatus status = TransactionStatus.of(Wire.readByte(body));
        Wire.expectEnd(body);
        return new ReadyForQuery(status);
    }

    @Override
    public byte type() {
        return BackendType.READY_FOR_QUERY;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(status.code());
    }
}
