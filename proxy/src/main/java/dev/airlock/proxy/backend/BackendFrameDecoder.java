package dev.airlock.proxy.backend;

import dev.airlock.proxy.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Frames what PostgreSQL sends. Messages are passed on whole, except DataRow and CopyData larger
 * than {@value #STREAM_THRESHOLD} bytes, which are passed on piece by piece as they arrive so that
 * a 500 MB bytea value crosses Airlock without being held in memory.
 */
public final class BackendFrameDecoder extends ByteToMessageDecoder {
    static final int STREAM_THRESHOLD = 64 * 1024;
    private static final long MAX_MESSAGE = 0x3fffffffL;

    private byte streamingType;
    private long streamingRemaining;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (streamingRemaining > 0) {
                int piece = (int) Math.min(streamingRemaining, in.readableBytes());
                streamingRemaining -= piece;
                out.add(new ServerFrame(streamingType, in.readRetainedSlice(piece), false, streamingRemaining == 0));
                continue;
            }
            if (in.readableBytes() < 5) {
                return;
            }
            byte type = in.getByte(in.readerIndex());
            long length = in.getUnsignedInt(in.readerIndex() + 1);
            if (length < 4 || length > MAX_MESSAGE) {
                throw new DecoderException("production server sent a message of invalid length " + length);
            }
            int total = (int) length + 1;
            if (length > STREAM_THRESHOLD && (type == BackendType.DATA_ROW || type == BackendType.COPY_DATA)) {
                int piece = Math.min(total, in.readableBytes());
                streamingType = type;
                streamingRemaining = total - piece;
                out.add(new ServerFrame(type, in.readRetainedSlice(piece), true, streamingRemaining == 0));
                continue;
            }
            if (in.readableBytes() < total) {
                return;
            }
            out.add(new ServerFrame(type, in.readRetainedSlice(total), true, true));
        }
    }
}
