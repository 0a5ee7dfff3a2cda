package dev.airlock.proxy.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Encodes Airlock's own server messages; relayed frames are ByteBufs and pass untouched. */
@Sharable
public final class BackendMessageEncoder extends MessageToByteEncoder<BackendMessage> {
    public static final BackendMessageEncoder INSTANCE = new BackendMessageEncoder();

    private BackendMessageEncoder() {
        super(BackendMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BackendMessage message, ByteBuf out) {
        message.encode(out);
    }
}
