package dev.airlock.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.protocol.PgException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class FrontendFrameDecoderTest {
    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer();
        for (int value : values) {
            buf.writeInt(value);
        }
        return buf;
    }

    private static EmbeddedChannel channel(long maxMessage) {
        return new EmbeddedChannel(new FrontendFrameDecoder(maxMessage));
    }

    private static EmbeddedChannel authenticatedChannel(long maxMessage) {
        EmbeddedChannel channel = channel(maxMessage);
        ByteBuf startup = Unpooled.buffer();
        startup.writeInt(16).writeInt(196608).writeBytes("user\0u\0\0".getBytes());
        channel.writeInbound(startup);
        assertThat((Object) channel.readInbound()).isInstanceOf(StartupPacket.Startup.class);
        channel.pipeline().get(FrontendFrameDecoder.class).authenticated();
        return channel;
    }

    @Test
    void startupPacketsInTheirOrder() {
        EmbeddedChannel channel = channel(1 << 20);
        channel.writeInbound(bytes(8, (1234 << 16) | 5679));
        assertThat((Object) channel.readInbound()).isInstanceOf(StartupPacket.SslRequest.class);
        channel.writeInbound(bytes(16, (1234 << 16) | 5678, 42, 7));
        StartupPacket.Cancel cancel = channel.readInbound();
        assertThat(cancel.request().processId()).isEqualTo(42);
    }

    @Test
    void messagesSplitAcrossReadsAreReassembledAndFramedExactly() {
        EmbeddedChannel channel = authenticatedChannel(1 << 20);
        ByteBuf first = Unpooled.buffer().writeByte('Q').writeInt(13).writeBytes("SELECT".getBytes());
        ByteBuf rest = Unpooled.buffer().writeBytes(" 1\0".getBytes()).writeByte('S').writeInt(4);
        channel.writeInbound(first);
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(rest);
        FrontendFrame query = channel.readInbound();
        FrontendFrame sync = channel.readInbound();
        assertThat(query.type()).isEqualTo((byte) 'Q');
        assertThat(query.frame().readableBytes()).isEqualTo(14);
        assertThat(sync.type()).isEqualTo((byte) 'S');
        query.release();
        sync.release();
    }

    @Test
    void oversizedMessagesAreSkippedWithoutBeingBuffered() {
        EmbeddedChannel channel = authenticatedChannel(64 * 1024);
        channel.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(1_000_004));
        OversizedMessage oversized = channel.readInbound();
        assertThat(oversized.length()).isEqualTo(1_000_004);
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[10_000]));
            assertThat((Object) channel.readInbound()).isNull();
        }
        channel.writeInbound(Unpooled.buffer().writeByte('S').writeInt(4));
        FrontendFrame sync = channel.readInbound();
        assertThat(sync.type()).isEqualTo((byte) 'S');
        sync.release();
    }

    @Test
    void lyingLengthsAreProtocolViolations() {
        assertViolation(authenticatedChannel(1 << 20), Unpooled.buffer().writeByte('Q').writeInt(-1));
        assertViolation(authenticatedChannel(1 << 20), Unpooled.buffer().writeByte('Q').writeInt(3));
        assertViolation(channel(1 << 20), bytes(10_001, 196608));
        assertViolation(channel(1 << 20), bytes(7, 196608));
    }

    @Test
    void beforeAuthenticationMessagesAreSmall() {
        EmbeddedChannel channel = channel(1 << 20);
        ByteBuf startup = Unpooled.buffer();
        startup.writeInt(16).writeInt(196608).writeBytes("user\0u\0\0".getBytes());
        channel.writeInbound(startup);
        channel.readInbound();
        assertViolation(channel, Unpooled.buffer().writeByte('p').writeInt(70_000));
    }

    @Test
    void bytesBehindAnSslRequestAreRefused() {
        ByteBuf request = bytes(8, (1234 << 16) | 5679);
        request.writeByte('x');
        assertViolation(channel(1 << 20), request);
    }

    /** The security corpus (B177): direct TLS is refused with 08P01, saying what happened. */
    @Test
    void aTlsHandshakeWithoutSslRequestIsRefusedByName() {
        ByteBuf clientHello = Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
        assertThatThrownBy(() -> channel(1 << 20).writeInbound(clientHello)).isInstanceOf(DecoderException.class).cause()
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState().code()).isEqualTo("08P01");
                    assertThat(e.getMessage()).startsWith("direct TLS connection refused");
                });
    }

    private static void assertViolation(EmbeddedChannel channel, ByteBuf input) {
        assertThatThrownBy(() -> channel.writeInbound(input))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("08P01"));
    }
}
