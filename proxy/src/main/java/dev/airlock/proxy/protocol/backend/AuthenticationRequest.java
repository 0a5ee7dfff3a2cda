package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** AuthenticationRequest ('R') and its sub-messages, distinguished by a leading int32 code. */
public sealed interface AuthenticationRequest extends BackendMessage {

    int code();

    void writeData(ByteBuf out);

    @Override
    default byte type() {
        return BackendType.AUTHENTICATION_REQUEST;
    }

    @Override
    default void writeBody(ByteBuf out) {
        out.writeInt(code());
        writeData(out);
    }

    static AuthenticationRequest decode(ByteBuf body) {
        int code = Wire.readInt(body);
        AuthenticationRequest request = switch (code) {
            case BackendType.AUTH_OK -> new Ok();
            case BackendType.AUTH_CLEARTEXT_PASSWORD -> new CleartextPassword();
            case BackendType.AUTH_MD5_PASSWORD -> new Md5Password(Wire.readBytes(body, 4));
            case BackendType.AUTH_SASL -> new Sasl(readMechanisms(body));
            case BackendType.AUTH_SASL_CONTINUE -> new SaslContinue(Wire.readBytes(body, body.readableBytes()));
            case BackendType.AUTH_SASL_FINAL -> new SaslFinal(Wire.readBytes(body, body.readableBytes()));
            default -> throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "authentication method " + code + " is not supported");
        };
        Wire.expectEnd(body);
        return request;
    }

    private static List<String> readMechanisms(ByteBuf body) {
        List<String> mechanisms = new ArrayList<>();
        for (String name = Wire.readCString(body); !name.isEmpty(); name = Wire.readCString(body)) {
            mechanisms.add(name);
        }
        return List.copyOf(mechanisms);
    }

    record Ok() implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_OK;
        }

        @Override
        public void writeData(ByteBuf out) {
        }
    }

    record CleartextPassword() implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_CLEARTEXT_PASSWORD;
        }

        @Override
        public void writeData(ByteBuf out) {
        }
    }

    record Md5Password(byte[] salt) implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_MD5_PASSWORD;
        }

        @Override
        public void writeData(ByteBuf out) {
            out.writeBytes(salt);
        }
    }

    record Sasl(List<String> mechanisms) implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_SASL;
        }

        @Override
        public void writeData(ByteBuf out) {
            mechanisms.forEach(mechanism -> Wire.writeCString(out, mechanism));
            out.writeByte(0);
        }
    }

    record SaslContinue(byte[] data) implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_SASL_CONTINUE;
        }

        @Override
        public void writeData(ByteBuf out) {
            out.writeBytes(data);
        }
    }

    record SaslFinal(byte[] data) implements AuthenticationRequest {
        @Override
        public int code() {
            return BackendType.AUTH_SASL_FINAL;
        }

        @Override
        public void writeData(ByteBuf out) {
            out.writeBytes(data);
        }
    }
}
