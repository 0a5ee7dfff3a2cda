package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import io.netty.buffer.ByteBuf;

/** ParameterDescription ('t'): the type OID of each parameter of a prepared statement. */
public record ParameterDescription(int[] typeOids) implements BackendMessage {
    public ParameterDescription {
        typeOids = typeOids.clone();
    }

    @Override
    public byte type() {
        return BackendType.PARAMETER_DESCRIPTION;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(typeOids.length);
        for (int oid : typeOids) {
            out.writeInt(oid);
        }
    }
}
