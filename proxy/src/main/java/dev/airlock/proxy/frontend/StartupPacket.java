package dev.airlock.proxy.frontend;

import dev.airlock.proxy.protocol.frontend.CancelRequest;
import dev.airlock.proxy.protocol.frontend.StartupMessage;

/** The untyped packets a client may open a connection with. */
public sealed interface StartupPacket {
    record SslRequest() implements StartupPacket {
    }

    record GssEncRequest() implements StartupPacket {
    }

    record Cancel(CancelRequest request) implements StartupPacket {
    }

    record Startup(StartupMessage message) implements StartupPacket {
    }
}
