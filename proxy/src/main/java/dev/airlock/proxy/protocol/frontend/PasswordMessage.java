package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** PasswordMessage ('p'): a cleartext or MD5-hashed password, sent by Airlock to an upstream server. */
public record PasswordMessage(String password) implements FrontendMessage {

    @Override
    public byte type() {
        return FrontendType.AUTHENTICATION_RESPONSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        Wire.writeCString(out, password);
    }

    @Override
    public String toString() {
        return "PasswordMessage[<redacted>]";
    }
}
