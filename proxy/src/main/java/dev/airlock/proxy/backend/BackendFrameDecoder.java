package dev.airlock.proxy.backend;

import dev.airlock.proxy.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import java.util.List;

/**
 * Frames what PostgreSQL sends into {@link ServerMessages}: each run of whole messages in the
 * buffer becomes one batch (one slice, one object), so relaying a result costs one write, not one
 * per row. DataRow and CopyData larger than {@value #STREAM_THRESHOLD} bytes are passed on piece by
 * piece as they arrive, so a 500 MB bytea crosses Airlock without being held in memory.
 */
public final class BackendFrameDecoder extends ByteToMessageDecoder {
    static final int STREAM_THRESHOLD = 64 * 1024;
    private static final long MAX_MESSAGE = 0x3fffffffL;

    private byte streamingType;
    private long streamingRemaining;
    private byte[] types = new byte[16];
    private int[] starts = new int[16];

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (streamingRemaining > 0) {
                int piece = (int) Math.min(streamingRemaining, in.readableBytes());
                streamingRemaining -= piece;
                out.add(ServerMessages.streamedPiece(in.readRetainedSlice(piece), streamingType));
                continue;
            }
            int batchStart = in.readerIndex();
            int count = 0;
            int position = batchStart;
            int limit = in.writerIndex();
            boolean streamNext = false;
            while (limit - position >= 5) {
                byte type = in.getByte(position);
                long length = in.getUnsignedInt(position + 1);
                if (length < 4 || length > MAX_MESSAGE) {
                    throw new DecoderException("production server sent a message of invalid length " + length);
                }
                if (length > STREAM_THRESHOLD && (type == BackendType.DATA_ROW || type == BackendType.COPY_DATA)) {
                    streamNext = true;
                    break;
                }
                if (limit - position < length + 1) {
                    break;
                }
                if (count == types.length) {
                    types = Arrays.copyOf(types, count * 2);
                    starts = Arrays.copyOf(starts, count * 2);
                }
                types[count] = type;
                starts[count] = position - batchStart;
                count++;
                position += (int) length + 1;
            }
            if (count > 0) {
                out.add(new ServerMessages(in.readRetainedSlice(position - batchStart),
                        Arrays.copyOf(types, count), Arrays.copyOf(starts, count), count));
            }
            if (!streamNext) {
                return;
            }
            byte type = in.getByte(in.readerIndex());
            long total = in.getUnsignedInt(in.readerIndex() + 1) + 1;
            int piece = (int) Math.min(total, in.readableBytes());
            streamingType = type;
            streamingRemaining = total - piece;
            out.add(ServerMessages.streamedPiece(in.readRetainedSlice(piece), type));
        }
    }
}
