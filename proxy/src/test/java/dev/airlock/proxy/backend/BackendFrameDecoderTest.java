package dev.airlock.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class BackendFrameDecoderTest {
    @Test
    void wholeMessagesOfOneReadArriveAsOneBatch() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendFrameDecoder());
        channel.writeInbound(Unpooled.buffer().writeByte('C').writeInt(8).writeBytes("SET\0".getBytes())
                .writeByte('Z').writeInt(5).writeByte('I').writeByte('D'));
        ServerMessages batch = channel.readInbound();
        assertThat(batch.count()).isEqualTo(2);
        assertThat(batch.type(0)).isEqualTo((byte) 'C');
        assertThat(batch.type(1)).isEqualTo((byte) 'Z');
        assertThat(batch.start(1)).isEqualTo(9);
        assertThat(batch.end(1)).isEqualTo(15);
        assertThat(batch.body(1).readByte()).isEqualTo((byte) 'I');
        assertThat(batch.content().readableBytes()).isEqualTo(15);
        batch.release();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void largeDataRowsStreamInPiecesAndTheNextMessageIsFramedExactly() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendFrameDecoder());
        int length = BackendFrameDecoder.STREAM_THRESHOLD * 3;
        channel.writeInbound(Unpooled.buffer().writeByte('T').writeInt(6).writeShort(0)
                .writeByte('D').writeInt(length).writeBytes(new byte[1000]));
        ServerMessages header = channel.readInbound();
        assertThat(header.count()).isEqualTo(1);
        header.release();
        ServerMessages first = channel.readInbound();
        assertThat(first.isStreamedPiece()).isTrue();
        assertThat(first.content().readableBytes()).isEqualTo(1005);
        first.release();
        long streamed = 1000;
        channel.writeInbound(Unpooled.buffer().writeBytes(new byte[length - 4 - 1000]).writeByte('C').writeInt(5).writeByte(0));
        ServerMessages next;
        while ((next = channel.readInbound()) != null && next.isStreamedPiece()) {
            streamed += next.content().readableBytes();
            next.release();
        }
        assertThat(streamed).isEqualTo(length - 4);
        assertThat(next.count()).isEqualTo(1);
        assertThat(next.type(0)).isEqualTo((byte) 'C');
        next.release();
    }
}
