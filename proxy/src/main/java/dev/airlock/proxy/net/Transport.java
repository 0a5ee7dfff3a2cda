package dev.airlock.proxy.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll where the platform has it, NIO elsewhere; one choice for the whole process. */
public final class Transport {
    private static final boolean EPOLL = Epoll.isAvailable();

    private Transport() {
    }

    public static EventLoopGroup eventLoopGroup(String name, int threads) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Options for every client and production socket. With epoll, level-triggered mode: Netty reads
     * once per readiness event instead of reading until the socket is empty, which in a
     * request-response protocol saves a read syscall per message.
     */
    public static void configure(io.netty.channel.Channel channel) {
        if (EPOLL) {
            channel.config().setOption(io.netty.channel.epoll.EpollChannelOption.EPOLL_MODE,
                    io.netty.channel.epoll.EpollMode.LEVEL_TRIGGERED);
        }
    }

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
