package dev.airlock.proxy.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A listening socket and a client connected to it over loopback, both with the transport's socket
 * options, as Airlock opens them; {@code accepted} runs {@code acceptedHandler}.
 */
record LoopbackPair(Channel listener, Channel client, Channel accepted) {
    static LoopbackPair connect(Transport transport, EventLoopGroup loops, ChannelHandler acceptedHandler)
            throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        ServerBootstrap listening = new ServerBootstrap().group(loops).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(acceptedHandler);
                        accepted.complete(channel);
                    }
                });
        transport.socketOptions().forEach(option -> option.applyTo(listening));
        Channel listener = listening.bind("127.0.0.1", 0).sync().channel();
        Bootstrap connector = new Bootstrap().group(loops).channel(transport.clientChannel())
                .handler(new ChannelInboundHandlerAdapter());
        transport.socketOptions().forEach(option -> option.applyTo(connector));
        Channel client = connector.connect(listener.localAddress()).sync().channel();
        return new LoopbackPair(listener, client, accepted.get(5, TimeUnit.SECONDS));
    }

    void close() throws InterruptedException {
        client.close().sync();
        listener.close().sync();
    }
}
