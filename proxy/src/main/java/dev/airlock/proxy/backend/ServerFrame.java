package dev.airlock.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Bytes of one server message as received. Most messages arrive {@code complete} (type byte,
 * length and body in {@code bytes}). Large DataRow and CopyData messages are streamed: the first
 * piece starts with the header and later pieces carry only body bytes; {@code complete} is true
 * only on a piece that ends a message.
 */
public final class ServerFrame extends DefaultByteBufHolder {
    private final byte type;
    private final boolean startsMessage;
    private final boolean endsMessage;

    ServerFrame(byte type, ByteBuf bytes, boolean startsMessage, boolean endsMessage) {
        super(bytes);
        this.type = type;
        this.startsMessage = startsMessage;
        this.endsMessage = endsMessage;
    }

    public byte type() {
        return type;
    }

    /** True when {@code content()} holds a whole message, header included. */
    public boolean isWholeMessage() {
        return startsMessage && endsMessage;
    }

    public boolean endsMessage() {
        return endsMessage;
    }

    /** The body of a whole message, sharing its memory. */
    public ByteBuf body() {
        return content().slice(5, content().readableBytes() - 5);
    }

    @Override
    public ByteBufHolder replace(ByteBuf content) {
        return new ServerFrame(type, content, startsMessage, endsMessage);
    }
}
