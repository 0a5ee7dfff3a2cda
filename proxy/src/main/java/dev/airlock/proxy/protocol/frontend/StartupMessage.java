package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * StartupMessage: protocol version and name/value pairs, in the order sent and with any repeats
 * kept, so that validation can refuse a repeated key instead of silently picking one.
 */
public record StartupMessage(int protocolVersion, List<Parameter> parameters) {

    public record Parameter(String name, String value) {
    }

    public StartupMessage {
        parameters = List.copyOf(parameters);
    }

    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    public int minorVersion() {
        return protocolVersion & 0xFFFF;
    }

    /** Decodes what follows the version field: pairs of strings ended by an empty name. */
    public static StartupMessage decode(int protocolVersion, ByteBuf body) {
        List<Parameter> parameters = new ArrayList<>();
        while (true) {
            String name = Wire.readCString(body);
            if (name.isEmpty()) {
                break;
            }
            parameters.add(new Parameter(name, Wire.readCString(body)));
        }
        if (body.isReadable()) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "invalid startup packet layout: expected terminator as last byte");
        }
        return new StartupMessage(protocolVersion, parameters);
    }

    public void encode(ByteBuf out) {
        int lengthAt = Wire.beginUntyped(out);
        out.writeInt(protocolVersion);
        for (Parameter parameter : parameters) {
            Wire.writeCString(out, parameter.name());
            Wire.writeCString(out, parameter.value());
        }
        out.writeByte(0);
        Wire.endMessage(out, lengthAt);
    }

    public static StartupMessage protocol30(List<Parameter> parameters) {
        return new StartupMessage(FrontendType.PROTOCOL_3_0, parameters);
    }
}
