package dev.airlock.proxy.session;

import dev.airlock.proxy.protocol.backend.BackendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * What one batch of production messages becomes for the client, in order: runs of messages kept
 * as they are (written as one slice; the whole batch when nothing was touched) and Airlock's own
 * messages in between (replaced errors, local answers).
 */
final class RelayOutput {
    private final ChannelHandlerContext client;
    private final ByteBuf source;
    private int rangeStart = -1;
    private int rangeEnd = -1;
    private boolean touched;

    RelayOutput(ChannelHandlerContext client, ByteBuf source) {
        this.client = client;
        this.source = source;
    }

    /** Keeps bytes [start, end) of the batch. */
    void keep(int start, int end) {
        if (rangeEnd == start) {
            rangeEnd = end;
            return;
        }
        flushRange();
        rangeStart = start;
        rangeEnd = end;
    }

    /** Leaves a message out. */
    void drop() {
        touched = true;
        flushRange();
    }

    /** Writes one of Airlock's messages at this point. */
    void emit(BackendMessage message) {
        touched = true;
        flushRange();
        client.write(message, client.voidPromise());
    }

    private void flushRange() {
        if (rangeEnd > rangeStart) {
            client.write(source.retainedSlice(rangeStart, rangeEnd - rangeStart), client.voidPromise());
        }
        rangeStart = -1;
        rangeEnd = -1;
    }

    /** Writes what is left; releases the batch (a batch written whole is handed over instead). */
    void finish() {
        boolean whole = !touched && rangeStart == source.readerIndex() && rangeEnd == source.writerIndex();
        if (whole) {
            client.write(source, client.voidPromise());
            return;
        }
        flushRange();
        source.release();
    }
}
