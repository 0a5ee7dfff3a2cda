package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** SASLResponse ('p'): a continuation of the SASL exchange; the whole body is mechanism data. */
public record SaslResponse(byte[] data) implements FrontendMessage {

    public static SaslResponse decode(ByteBuf body) {
        return new SaslResponse(Wire.readBytes(body, body.readableBytes()));
    }

    @Override
    public byte type() {
        return FrontendType.AUTHENTICATION_RESPONSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeBytes(data);
    }
}
