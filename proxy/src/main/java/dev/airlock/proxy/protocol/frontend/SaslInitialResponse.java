package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** SASLInitialResponse ('p'): the chosen mechanism and the client-first-message. */
public record SaslInitialResponse(String mechanism, byte[] data) implements FrontendMessage {

    public static SaslInitialResponse decode(ByteBuf body) {
        String mechanism = Wire.readCString(body);
        int length = Wire.readInt(body);
        byte[] data = length == -1 ? new byte[0] : Wire.readBytes(body, length);
        Wire.expectEnd(body);
        return new SaslInitialResponse(mechanism, data);
    }

    @Override
    public byte type() {
        return FrontendType.AUTHENTICATION_RESPONSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, mechanism);
        out.writeInt(data.length);
        out.writeBytes(data);
    }
}
