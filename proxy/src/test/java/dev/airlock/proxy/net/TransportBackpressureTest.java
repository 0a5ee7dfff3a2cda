package dev.airlock.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A socket Airlock stops reading (autoRead off, as when the other side of a session cannot take
 * more) is read no further: what the peer goes on sending waits in the kernel, not in Airlock's
 * memory, and all of it arrives once reading resumes. Airlock's flow control rests on this.
 */
class TransportBackpressureTest {
    private static final int SENT = 64 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /** Where the receiver stops reading. */
    private static final long STOP_AT = 1024 * 1024;
    /** What may still arrive after it stopped: reads already under way. */
    private static final long SLACK = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSocketThatStopsReadingIsReadNoFurtherUntilItResumes(Transport transport) throws Exception {
        assumeTrue(transport.isAvailable(), transport.label() + " is not available here");
        EventLoopGroup loops = transport.eventLoopGroup("backpressure-test", 1);
        try {
            HoldingReader reader = new HoldingReader();
            LoopbackPair pair = LoopbackPair.connect(transport, loops, reader);
            Channel client = pair.client();

            byte[] chunk = new byte[CHUNK];
            for (int sent = 0; sent < SENT; sent += CHUNK) {
                client.write(Unpooled.wrappedBuffer(chunk));
            }
            client.flush();
            reader.stopped.get(10, TimeUnit.SECONDS);
            Thread.sleep(1_000);
            assertThat(reader.received.get()).as("bytes read in all, reading stopped at %d", STOP_AT)
                    .isLessThan(STOP_AT + SLACK);

            Channel receiving = pair.accepted();
            receiving.eventLoop().submit(() -> {
                reader.release();
                receiving.config().setAutoRead(true);
            }).sync();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reader.received.get() < SENT && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(reader.received.get()).as("bytes read once reading resumed").isEqualTo(SENT);
            pair.close();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /**
     * Turns reading off once it has read {@link #STOP_AT} bytes, and from then on keeps what still
     * arrives, as a session keeps what its client has not yet taken.
     */
    private static final class HoldingReader extends ChannelInboundHandlerAdapter {
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private final List<ByteBuf> held = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            if (received.addAndGet(buffer.readableBytes()) >= STOP_AT && !stopped.isDone()) {
                context.channel().config().setAutoRead(false);
                stopped.complete(null);
            }
            if (context.channel().config().isAutoRead()) {
                buffer.release();
            } else {
                held.add(buffer);
            }
        }

        void release() {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }
}
