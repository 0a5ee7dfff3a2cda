package dev.airlock.proxy.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How Airlock's event loops wait on sockets. One transport serves the whole process: its event
 * loops, the listening socket, and the connections to production, whose channel type must match
 * the loop they are registered on.
 *
 * <p>io_uring submits a loop's reads and writes and collects their completions in one system call
 * for many sockets; under load (pgbench -S, 50 clients) it cut Airlock's CPU per statement by about
 * a third against epoll. Containers often forbid it (Docker's default seccomp profile does), so
 * {@code auto} falls back to epoll, then to Java NIO.
 */
public enum Transport {
    IO_URING("io_uring", IoUring::isAvailable, IoUring::unavailabilityCause, Transport::ioUringHandlers,
            IoUringServerSocketChannel.class, IoUringSocketChannel.class) {
        /** Sockets read into their loop's buffer ring, when the kernel has buffer rings. */
        @Override
        public List<SocketOption<?>> socketOptions() {
            return IoUring.isRegisterBufferRingSupported()
                    ? List.of(new SocketOption<>(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, READ_BUFFER_GROUP))
                    : List.of();
        }
    },
    EPOLL("epoll", Epoll::isAvailable, Epoll::unavailabilityCause, EpollIoHandler::newFactory,
            EpollServerSocketChannel.class, EpollSocketChannel.class) {
        /**
         * Level-triggered mode: Netty reads once per readiness event instead of reading until the
         * socket is empty, which in a request-response protocol saves a read syscall per message.
         */
        @Override
        public List<SocketOption<?>> socketOptions() {
            return List.of(new SocketOption<>(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED));
        }
    },
    NIO("nio", () -> true, () -> null, NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class);

    /** The setting's value that picks the first available transport, in declaration order. */
    public static final String AUTO = "auto";

    private static final short READ_BUFFER_GROUP = 0;
    /** Buffers a loop's ring can grow to; it starts with one batch and grows a batch at a time. */
    private static final short READ_BUFFER_RING_SIZE = 256;
    private static final int READ_BUFFER_BATCH = 32;

    /*
     * Every read is single-shot. A multishot receive stays armed after Airlock stops reading a
     * socket (a client not taking a result, a client sending faster than production answers), and
     * Netty 4.2.18 arms it again, whatever the channel's autoRead, when the buffer ring runs dry:
     * behind a client that had stopped reading, Airlock went on reading production into memory
     * (30 to 80 MB for one COPY, at times all of it; epoll and single-shot reads: under 6 MB).
     * Netty reads the property once, when io_uring is first asked about, which only this class does.
     */
    static {
        System.setProperty("io.netty.iouring.recvMultiShotEnabled", "false");
    }

    private final String label;
    private final Supplier<Boolean> available;
    private final Supplier<Throwable> unavailabilityCause;
    private final Supplier<IoHandlerFactory> ioHandlers;
    private final Class<? extends ServerSocketChannel> serverChannel;
    private final Class<? extends SocketChannel> clientChannel;

    Transport(String label, Supplier<Boolean> available, Supplier<Throwable> unavailabilityCause,
            Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerSocketChannel> serverChannel,
            Class<? extends SocketChannel> clientChannel) {
        this.label = label;
        this.available = available;
        this.unavailabilityCause = unavailabilityCause;
        this.ioHandlers = ioHandlers;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    /** The setting's choices: {@link #AUTO} and every transport's label. */
    public static String[] choices() {
        return Stream.concat(Stream.of(AUTO), Arrays.stream(values()).map(Transport::label)).toArray(String[]::new);
    }

    /**
     * The transport the setting names, or with {@link #AUTO} the first one this machine offers.
     *
     * @throws IllegalStateException naming why, when the named transport is not available here
     */
    public static Transport select(String choice) {
        if (AUTO.equals(choice)) {
            return Arrays.stream(values()).filter(Transport::isAvailable).findFirst().orElse(NIO);
        }
        Transport named = Arrays.stream(values()).filter(transport -> transport.label.equals(choice)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown transport " + choice));
        if (!named.isAvailable()) {
            throw new IllegalStateException(choice + " is not available on this machine: " + Optional
                    .ofNullable(named.unavailabilityCause.get()).map(Throwable::getMessage).orElse("no reason given"));
        }
        return named;
    }

    /** Whether this machine offers the transport. */
    boolean isAvailable() {
        return available.get();
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> clientChannel() {
        return clientChannel;
    }

    public EventLoopGroup eventLoopGroup(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers.get());
    }

    /** Options the transport sets on every client and production socket. */
    public List<SocketOption<?>> socketOptions() {
        return List.of();
    }

    public String label() {
        return label;
    }

    /**
     * io_uring loops with one buffer ring each, when the kernel has them (Linux 5.19 and later). A
     * receive then takes a buffer from the ring when data arrives instead of bringing one of its own.
     * Under pgbench -S through one loop, with multishot receives, it took Airlock's CPU per statement
     * down by about 8 % at 10 clients (lower in 20 of 24 paired runs at 1 and 10 clients). Against
     * that, single-shot receives (see the static block above) cost 2 to 18 % more CPU per statement
     * at 10 and 50 clients, and dropping the ring as well 6 to 20 % (one run of each).
     */
    private static IoHandlerFactory ioUringHandlers() {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig();
        if (IoUring.isRegisterBufferRingSupported()) {
            config.setBufferRingConfig(IoUringBufferRingConfig.builder()
                    .bufferGroupId(READ_BUFFER_GROUP)
                    .bufferRingSize(READ_BUFFER_RING_SIZE)
                    .batchSize(READ_BUFFER_BATCH)
                    .allocator(new IoUringAdaptiveBufferRingAllocator())
                    .build());
        }
        return IoUringIoHandler.newFactory(config);
    }
}
