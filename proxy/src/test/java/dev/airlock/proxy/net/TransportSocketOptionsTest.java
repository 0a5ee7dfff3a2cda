package dev.airlock.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A transport's socket options reach the sockets on both sides, set before the socket is
 * registered, and reading through them (an io_uring buffer ring) gives every byte back in order,
 * across many reads and more bytes than the ring holds.
 */
class TransportSocketOptionsTest {
    private static final int PAYLOAD = 4 * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyOptionIsOnBothSocketsAndALargeStreamArrivesWhole(Transport transport) throws Exception {
        assumeTrue(transport.isAvailable(), transport.label() + " is not available here");
        if (transport == Transport.IO_URING && IoUring.isRegisterBufferRingSupported()) {
            assertThat(transport.socketOptions()).extracting(option -> (Object) option.option())
                    .containsExactly(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID);
        }
        byte[] sent = new byte[PAYLOAD];
        new Random(7).nextBytes(sent);
        EventLoopGroup loops = transport.eventLoopGroup("transport-test", 1);
        try {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            LoopbackPair pair = LoopbackPair.connect(transport, loops, new Collector(received));
            Channel client = pair.client();

            for (SocketOption<?> option : transport.socketOptions()) {
                assertThat(client.config().getOption(option.option())).isEqualTo(option.value());
                assertThat(pair.accepted().config().getOption(option.option())).isEqualTo(option.value());
            }
            for (int offset = 0; offset < PAYLOAD; offset += 100_000) {
                client.write(Unpooled.wrappedBuffer(sent, offset, Math.min(100_000, PAYLOAD - offset)));
            }
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).sync();
            client.close().sync();

            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(sent);
            pair.listener().close().sync();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Gathers what a socket reads until the peer closes it. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> whenClosed;

        Collector(CompletableFuture<byte[]> whenClosed) {
            this.whenClosed = whenClosed;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            bytes.writeBytes(ByteBufUtil.getBytes(buffer));
            buffer.release();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            whenClosed.complete(bytes.toByteArray());
        }
    }
}
