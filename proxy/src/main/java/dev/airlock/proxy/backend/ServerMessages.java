package dev.airlock.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Bytes received from PostgreSQL in one read, as they arrived: either a run of whole messages,
 * with the type and offset of each so a listener can act on the few it must look at and relay the
 * rest as one slice, or one piece of a large DataRow or CopyData that is streamed rather than
 * buffered ({@link #isStreamedPiece()}, no message boundaries inside).
 */
public final class ServerMessages extends DefaultByteBufHolder {
    private final byte[] types;
    private final int[] starts;
    private final int count;
    private final byte streamedType;

    ServerMessages(ByteBuf content, byte[] types, int[] starts, int count) {
        super(content);
        this.types = types;
        this.starts = starts;
        this.count = count;
        this.streamedType = 0;
    }

    private ServerMessages(ByteBuf content, byte streamedType) {
        super(content);
        this.types = new byte[0];
        this.starts = new int[0];
        this.count = 0;
        this.streamedType = streamedType;
    }

    static ServerMessages streamedPiece(ByteBuf content, byte type) {
        return new ServerMessages(content, type);
    }

    public boolean isStreamedPiece() {
        return streamedType != 0;
    }

    /** Number of whole messages; 0 for a streamed piece. */
    public int count() {
        return count;
    }

    public byte type(int index) {
        return types[index];
    }

    /** Offset of the message's type byte within {@link #content()}. */
    public int start(int index) {
        return starts[index];
    }

    /** Offset just after the message within {@link #content()}. */
    public int end(int index) {
        return index + 1 < count ? starts[index + 1] : content().writerIndex();
    }

    /** The body of a message (after type and length), sharing memory with the content. */
    public ByteBuf body(int index) {
        int start = starts[index] + 5;
        return content().slice(start, end(index) - start);
    }

    @Override
    public ByteBufHolder replace(ByteBuf content) {
        return isStreamedPiece() ? new ServerMessages(content, streamedType) : new ServerMessages(content, types, starts, count);
    }
}
