package dev.airlock.proxy.frontend;

import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.frontend.CancelRequest;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames what a client sends. A connection starts in {@link Phase#STARTUP}, where packets are
 * untyped (length, then a request code): SSLRequest and GSSENCRequest may come first, then a
 * StartupMessage or a CancelRequest. After the StartupMessage every message is typed (type byte,
 * length, body).
 *
 * <p>Every length is checked before anything is buffered: start-up packets are at most 10,000
 * bytes and messages before authentication at most {@value #MAX_AUTHENTICATION_MESSAGE} bytes; a
 * length outside those bounds, below 4, or above PostgreSQL's own 1 GB limit is a protocol
 * violation (08P01) and ends the connection. After authentication a well-formed message larger
 * than the configured size is skipped as it streams in, never buffered, and reported as
 * {@link OversizedMessage} so the session can answer 54000 and carry on.
 */
public final class FrontendFrameDecoder extends ByteToMessageDecoder {
    public static final int MAX_STARTUP_PACKET = 10_000;
    public static final int MAX_AUTHENTICATION_MESSAGE = 10_000;
    private static final int MIN_STARTUP_PACKET = 8;
    /**
     * The first byte of a TLS handshake record: a client that starts TLS without SSLRequest
     * (PostgreSQL 17's sslnegotiation=direct). Read as a start-up length it would be 369 MB.
     */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** PostgreSQL's PQ_LARGE_MESSAGE_LIMIT: no message may be longer. */
    private static final long MAX_PROTOCOL_MESSAGE = 0x3fffffffL;

    /** Where the connection is in the protocol. */
    public enum Phase { STARTUP, MESSAGES, CLOSED }

    private final long maxMessageSize;
    private Phase phase = Phase.STARTUP;
    private boolean authenticated;
    private boolean encryptionNegotiated;
    private long bytesToSkip;

    public FrontendFrameDecoder(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** After authentication, messages may be as large as the configured limit. */
    public void authenticated() {
        authenticated = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (phase) {
            case STARTUP -> decodeStartupPacket(in, out);
            case MESSAGES -> decodeMessage(in, out);
            case CLOSED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeStartupPacket(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length >>> 24 == TLS_HANDSHAKE_RECORD) {
            throw violation("direct TLS connection refused: Airlock starts TLS only after SSLRequest")
                    .withHint("Connect with sslnegotiation=postgres, the default of libpq and pgjdbc, not direct.");
        }
        if (length < MIN_STARTUP_PACKET || length > MAX_STARTUP_PACKET) {
            throw violation("invalid length of startup packet");
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(4);
        int code = in.readInt();
        ByteBuf body = in.readSlice(length - 8);
        switch (code) {
            case FrontendType.SSL_REQUEST_CODE -> {
                expectNothingMore(in, length, "SSL");
                out.add(new StartupPacket.SslRequest());
            }
            case FrontendType.GSSENC_REQUEST_CODE -> {
                expectNothingMore(in, length, "GSSAPI encryption");
                out.add(new StartupPacket.GssEncRequest());
            }
            case FrontendType.CANCEL_REQUEST_CODE -> {
                phase = Phase.CLOSED;
                out.add(new StartupPacket.Cancel(CancelRequest.decode(body)));
            }
            default -> {
                if (code >>> 16 != 3) {
                    phase = Phase.CLOSED;
                    throw PgException.fatal(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                            + (code >>> 16) + "." + (code & 0xFFFF) + ": server supports 3.0");
                }
                phase = Phase.MESSAGES;
                out.add(new StartupPacket.Startup(StartupMessage.decode(code, body)));
            }
        }
    }

    /**
     * Encryption requests are answered with one byte, after which the client either starts TLS or
     * sends its next start-up packet. Bytes already behind the request were sent before the answer
     * and so cannot be trusted (CVE-2021-23214): they end the connection.
     */
    private void expectNothingMore(ByteBuf in, int length, String what) {
        if (length != MIN_STARTUP_PACKET || encryptionNegotiated && what.equals("SSL")) {
            throw violation("invalid " + what + " request");
        }
        if (in.isReadable()) {
            throw violation("received unencrypted data after " + what + " request");
        }
        if (what.equals("SSL")) {
            encryptionNegotiated = true;
        }
    }

    private void decodeMessage(ByteBuf in, List<Object> out) {
        while (true) {
            if (bytesToSkip > 0) {
                int skipped = (int) Math.min(bytesToSkip, in.readableBytes());
                in.skipBytes(skipped);
                bytesToSkip -= skipped;
                if (bytesToSkip > 0) {
                    return;
                }
            }
            if (in.readableBytes() < 5) {
                return;
            }
            byte type = in.getByte(in.readerIndex());
            long length = in.getUnsignedInt(in.readerIndex() + 1);
            if (length < 4 || length > MAX_PROTOCOL_MESSAGE || !authenticated && length > MAX_AUTHENTICATION_MESSAGE) {
                throw violation("invalid message length " + length + " for message type '" + printable(type) + "'");
            }
            if (length > maxMessageSize) {
                in.skipBytes(5);
                bytesToSkip = length - 4;
                out.add(new OversizedMessage(type, length));
            } else if (in.readableBytes() < length + 1) {
                return;
            } else {
                out.add(new FrontendFrame(type, in.readRetainedSlice((int) length + 1)));
            }
        }
    }

    private PgException violation(String message) {
        phase = Phase.CLOSED;
        return PgException.fatal(SqlState.PROTOCOL_VIOLATION, message);
    }

    static String printable(byte type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type & 0xFF);
    }
}
