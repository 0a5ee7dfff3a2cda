package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * NegotiateProtocolVersion ('v'): the newest minor protocol version Airlock speaks (3.0) and the
 * {@code _pq_.} protocol options it does not recognise.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
        implements BackendMessage {

    @Override
    public byte type() {
        return BackendType.NEGOTIATE_PROTOCOL_VERSION;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeInt(newestMinorVersion);
        out.writeInt(unrecognizedOptions.size());
        unrecognizedOptions.forEach(option -> Wire.writeCString(out, option));
    }
}
