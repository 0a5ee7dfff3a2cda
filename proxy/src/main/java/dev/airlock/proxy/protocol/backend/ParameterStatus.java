package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** ParameterStatus ('S'): the server reports the current value of a run-time parameter. */
public record ParameterStatus(String name, String value) implements BackendMessage {

    public static ParameterStatus decode(ByteBuf body) {
        String name = Wire.readCString(body);
        String value = Wire.readCString(body);
        Wire.expectEnd(body);
        return new ParameterStatus(name, value);
    }

    @Override
    public byte type() {
        return BackendType.PARAMETER_STATUS;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, name);
        Wire.writeCString(out, value);
    }
}
