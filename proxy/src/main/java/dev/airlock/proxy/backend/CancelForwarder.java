package dev.airlock.proxy.backend;

import dev.airlock.proxy.net.Transport;
import dev.airlock.proxy.protocol.backend.BackendKeyData;
import dev.airlock.proxy.protocol.frontend.CancelRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;

/** Sends a CancelRequest for one production backend, on a connection of its own, as libpq does. */
public final class CancelForwarder {
    private final ProductionEndpoint endpoint;
    private final Transport transport;

    public CancelForwarder(ProductionEndpoint endpoint, Transport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
    }

    public void cancel(EventLoop loop, BackendKeyData backend) {
        new Bootstrap()
                .group(loop)
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) endpoint.connectTimeout().toMillis())
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ByteBuf request = ctx.alloc().buffer(CancelRequest.LENGTH);
                        new CancelRequest(backend.processId(), backend.secretKey()).encode(request);
                        ctx.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                })
                .connect(endpoint.host(), endpoint.port());
    }
}
