package dev.airlock.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.function.Function;

/**
 * One complete typed message from a client, exactly as received: {@code frame} holds the type byte,
 * the length and the body, so it can be relayed to PostgreSQL unchanged.
 */
public record FrontendFrame(byte type, ByteBuf frame) implements ReferenceCounted {
    private static final int HEADER_LENGTH = 5;

    /** The message body (after type and length), sharing the frame's memory. */
    public ByteBuf body() {
        return frame.slice(HEADER_LENGTH, frame.readableBytes() - HEADER_LENGTH);
    }

    /** Decodes the body; when the decoder finds it malformed, the frame is released before its error goes up. */
    public <T> T decode(Function<ByteBuf, T> decoder) {
        try {
            return decoder.apply(body());
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    @Override
    public int refCnt() {
        return frame.refCnt();
    }

    @Override
    public FrontendFrame retain() {
        frame.retain();
        return this;
    }

    @Override
    public FrontendFrame retain(int increment) {
        frame.retain(increment);
        return this;
    }

    @Override
    public FrontendFrame touch() {
        frame.touch();
        return this;
    }

    @Override
    public FrontendFrame touch(Object hint) {
        frame.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return frame.release();
    }

    @Override
    public boolean release(int decrement) {
        return frame.release(decrement);
    }
}
