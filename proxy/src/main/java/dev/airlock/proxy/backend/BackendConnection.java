package dev.airlock.proxy.backend;

import dev.airlock.proxy.protocol.backend.BackendKeyData;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * An authenticated connection to production with Airlock's read-only role. Whoever is attached as
 * {@link BackendListener} receives its frames; with nobody attached, anything the server sends is
 * unexpected and closes the connection.
 */
public final class BackendConnection {
    static final String RELAY_HANDLER = "relay";

    private final Channel channel;
    private final BackendKeyData keyData;
    private final Map<String, String> serverParameters;
    private BackendListener listener;

    BackendConnection(Channel channel, BackendKeyData keyData, Map<String, String> serverParameters) {
        this.channel = channel;
        this.keyData = keyData;
        this.serverParameters = new HashMap<>(serverParameters);
        channel.pipeline().addLast(RELAY_HANDLER, new Relay());
    }

    public void attach(BackendListener newListener) {
        this.listener = newListener;
    }

    public void detach() {
        this.listener = null;
    }

    public void write(ByteBuf bytes) {
        channel.write(bytes, channel.voidPromise());
    }

    public void writeAndFlush(ByteBuf bytes) {
        channel.writeAndFlush(bytes, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    public boolean isActive() {
        return channel.isActive();
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public BackendKeyData keyData() {
        return keyData;
    }

    /** Parameters as the server last reported them (ParameterStatus). */
    public Map<String, String> serverParameters() {
        return Collections.unmodifiableMap(serverParameters);
    }

    public void updateParameter(String name, String value) {
        serverParameters.put(name, value);
    }

    public void close() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    private final class Relay extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (listener == null) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            listener.onServerMessages((ServerMessages) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (listener != null) {
                listener.onServerReadComplete();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (listener != null) {
                listener.onBackendWritabilityChanged(ctx.channel().isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (listener != null) {
                listener.onBackendClosed(null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            if (listener != null) {
                BackendListener closing = listener;
                listener = null;
                closing.onBackendClosed(cause);
            }
        }
    }
}
