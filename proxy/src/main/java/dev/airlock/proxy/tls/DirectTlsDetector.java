package dev.airlock.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Direct TLS (PostgreSQL 17; libpq's and pgjdbc's {@code sslnegotiation=direct}): the client starts
 * the TLS handshake at once instead of sending SSLRequest first. The first byte tells: a TLS
 * handshake record begins with 22, while a start-up packet begins with its length, which would be
 * hundreds of megabytes. On 22 this handler gives way to a TLS handler that takes the bytes read so
 * far; on anything else it steps aside and the start-up packet is framed as usual. Only in the
 * pipeline when TLS is configured.
 */
public final class DirectTlsDetector extends ByteToMessageDecoder {
    /** The pipeline name of the TLS handler that a direct handshake gets. */
    public static final String HANDLER_NAME = "direct-tls";
    private static final byte TLS_HANDSHAKE_RECORD = 22;

    private final ServerTls tls;

    public DirectTlsDetector(ServerTls tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            ctx.pipeline().replace(this, HANDLER_NAME, tls.newDirectHandler(ctx.alloc()));
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
