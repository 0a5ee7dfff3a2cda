package dev.airlock.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class BackendFrameDecoderTest {
    @Test
    void smallMessagesArriveWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendFrameDecoder());
        channel.writeInbound(Unpooled.buffer().writeByte('Z').writeInt(5).writeByte('I').writeByte('C'));
        ServerFrame ready = channel.readInbound();
        assertThat(ready.isWholeMessage()).isTrue();
        assertThat(ready.body().readByte()).isEqualTo((byte) 'I');
        ready.release();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void largeDataRowsStreamInPiecesAndTheNextMessageIsFramedExactly() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendFrameDecoder());
        int length = BackendFrameDecoder.STREAM_THRESHOLD * 3;
        channel.writeInbound(Unpooled.buffer().writeByte('D').writeInt(length).writeBytes(new byte[1000]));
        ServerFrame first = channel.readInbound();
        assertThat(first.isWholeMessage()).isFalse();
        assertThat(first.content().readableBytes()).isEqualTo(1005);
        first.release();
        int total = 1000;
        ByteBuf rest = Unpooled.buffer().writeBytes(new byte[length - 4 - 1000]).writeByte('C').writeInt(5).writeByte(0);
        channel.writeInbound(rest);
        ServerFrame piece;
        while ((piece = channel.readInbound()) != null && piece.type() == 'D') {
            total += piece.content().readableBytes();
            boolean last = piece.endsMessage();
            piece.release();
            if (last) {
                break;
            }
        }
        assertThat(total).isEqualTo(length - 4);
        ServerFrame complete = piece != null && piece.type() == 'C' ? piece : channel.readInbound();
        assertThat(complete.type()).isEqualTo((byte) 'C');
        assertThat(complete.isWholeMessage()).isTrue();
        complete.release();
    }
}
