package dev.airlock.proxy.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;

/**
 * One option a transport sets on every client and production socket. It is given to the bootstrap,
 * so it is set before the socket is registered with its event loop, which some options need (an
 * io_uring socket picks its buffer ring when it is registered).
 */
public record SocketOption<T>(ChannelOption<T> option, T value) {
    /** Sets the option on every client socket the listener accepts. */
    public void applyTo(ServerBootstrap listener) {
        listener.childOption(option, value);
    }

    /** Sets the option on the socket the bootstrap connects. */
    public void applyTo(Bootstrap connector) {
        connector.option(option, value);
    }
}
