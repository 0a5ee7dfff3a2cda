package dev.airlock.proxy.backend;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import com.ongres.scram.common.util.TlsServerEndpoint;
import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.backend.AuthenticationRequest;
import dev.airlock.proxy.protocol.backend.BackendKeyData;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.ParameterStatus;
import dev.airlock.proxy.protocol.frontend.FrontendMessage;
import dev.airlock.proxy.protocol.frontend.PasswordMessage;
import dev.airlock.proxy.protocol.frontend.SaslInitialResponse;
import dev.airlock.proxy.protocol.frontend.SaslResponse;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Opens one connection to production: optional TLS negotiation, StartupMessage, authentication as
 * the server asks (SCRAM-SHA-256 with channel binding over TLS, MD5, cleartext only over TLS, or
 * trust), then ParameterStatus and BackendKeyData up to the first ReadyForQuery. Then it removes
 * itself and completes {@code result} with a {@link BackendConnection}.
 */
final class BackendHandshake extends ChannelInboundHandlerAdapter {
    private enum Phase { SSL_ANSWER, TLS_HANDSHAKE, AUTHENTICATING, STARTING, DONE }

    private final ProductionEndpoint endpoint;
    private final StartupMessage startup;
    private final Supplier<SslHandler> sslHandlers;
    private final CompletableFuture<BackendConnection> result;
    private final Map<String, String> parameters = new HashMap<>();
    private Phase phase;
    private ScramClient scram;
    private BackendKeyData keyData;
    private boolean encrypted;

    BackendHandshake(ProductionEndpoint endpoint, StartupMessage startup, Supplier<SslHandler> sslHandlers,
            CompletableFuture<BackendConnection> result) {
        this.endpoint = endpoint;
        this.startup = startup;
        this.sslHandlers = sslHandlers;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (sslHandlers == null) {
            sendStartup(ctx);
        } else {
            phase = Phase.SSL_ANSWER;
            ByteBuf request = ctx.alloc().buffer(8);
            request.writeInt(8).writeInt(FrontendType.SSL_REQUEST_CODE);
            ctx.writeAndFlush(request);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (phase == Phase.SSL_ANSWER) {
                onSslAnswer(ctx, (ByteBuf) msg);
            } else if (msg instanceof ServerMessages messages && !messages.isStreamedPiece()) {
                for (int i = 0; i < messages.count() && phase != Phase.DONE; i++) {
                    onMessage(ctx, messages.type(i), messages.body(i));
                }
            } else {
                fail(ctx, "production sent an unexpected message during start-up", null);
            }
        } catch (RuntimeException e) {
            fail(ctx, "production start-up failed: " + e.getMessage(), e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onSslAnswer(ChannelHandlerContext ctx, ByteBuf answer) {
        if (answer.readableBytes() != 1) {
            fail(ctx, "production answered the SSL request with unexpected data", null);
            return;
        }
        byte code = answer.readByte();
        if (code == 'S') {
            phase = Phase.TLS_HANDSHAKE;
            SslHandler ssl = sslHandlers.get();
            ctx.pipeline().addFirst("tls", ssl);
            ssl.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    encrypted = true;
                    sendStartup(ctx);
                } else {
                    fail(ctx, "TLS handshake with production failed: " + done.cause().getMessage(), done.cause());
                }
            });
        } else if (code == 'N' && endpoint.sslMode() == ProductionEndpoint.SslMode.PREFER) {
            sendStartup(ctx);
        } else if (code == 'N') {
            fail(ctx, "production does not accept TLS, but production.sslmode is " + endpoint.sslMode(), null);
        } else {
            fail(ctx, "production answered the SSL request with '" + (char) code + "'", null);
        }
    }

    private void sendStartup(ChannelHandlerContext ctx) {
        phase = Phase.AUTHENTICATING;
        ctx.pipeline().addBefore(ctx.name(), "frames", new BackendFrameDecoder());
        ByteBuf out = ctx.alloc().buffer();
        startup.encode(out);
        ctx.writeAndFlush(out);
    }

    private void onMessage(ChannelHandlerContext ctx, byte type, ByteBuf body) {
        switch (type) {
            case BackendType.AUTHENTICATION_REQUEST -> onAuthentication(ctx, AuthenticationRequest.decode(body));
            case BackendType.PARAMETER_STATUS -> {
                ParameterStatus status = ParameterStatus.decode(body);
                parameters.put(status.name(), status.value());
            }
            case BackendType.BACKEND_KEY_DATA -> keyData = BackendKeyData.decode(body);
            case BackendType.READY_FOR_QUERY -> ready(ctx);
            case BackendType.ERROR_RESPONSE -> {
                ErrorResponse error = ErrorResponse.decode(body);
                fail(ctx, "production refused the connection for " + endpoint.describe() + ": "
                        + error.severity() + " " + error.sqlState() + " " + error.message(), null);
            }
            case BackendType.NOTICE_RESPONSE, BackendType.NEGOTIATE_PROTOCOL_VERSION -> {
            }
            default -> fail(ctx, "production sent message type '" + (char) type + "' during start-up", null);
        }
    }

    private void onAuthentication(ChannelHandlerContext ctx, AuthenticationRequest request) {
        if (phase != Phase.AUTHENTICATING) {
            fail(ctx, "production asked for authentication twice", null);
            return;
        }
        if (request instanceof AuthenticationRequest.Ok) {
            phase = Phase.STARTING;
        } else if (request instanceof AuthenticationRequest.Md5Password md5) {
            send(ctx, new PasswordMessage(Md5Password.response(endpoint.user(), password(), md5.salt())));
        } else if (request instanceof AuthenticationRequest.CleartextPassword) {
            if (!encrypted) {
                throw new BackendConnectException("production asks for a cleartext password over an unencrypted "
                        + "connection; Airlock will not send it (set production.sslmode to require)");
            }
            send(ctx, new PasswordMessage(password()));
        } else if (request instanceof AuthenticationRequest.Sasl sasl) {
            startScram(ctx, sasl);
        } else if (request instanceof AuthenticationRequest.SaslContinue next) {
            continueScram(ctx, next);
        } else if (request instanceof AuthenticationRequest.SaslFinal last) {
            finishScram(last);
        }
    }

    private void startScram(ChannelHandlerContext ctx, AuthenticationRequest.Sasl sasl) {
        ScramClient.FinalBuildStage builder = ScramClient.builder()
                .advertisedMechanisms(sasl.mechanisms())
                .username(endpoint.user())
                .password(password().toCharArray());
        byte[] binding = channelBinding(ctx);
        if (binding != null) {
            builder.channelBinding(TlsServerEndpoint.TLS_SERVER_END_POINT, binding);
        }
        scram = builder.build();
        send(ctx, new SaslInitialResponse(scram.getScramMechanism().getName(),
                scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void continueScram(ChannelHandlerContext ctx, AuthenticationRequest.SaslContinue next) {
        try {
            scram.serverFirstMessage(new String(next.data(), StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new BackendConnectException("production sent an invalid SCRAM server-first-message", e);
        }
        send(ctx, new SaslResponse(scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void finishScram(AuthenticationRequest.SaslFinal last) {
        try {
            scram.serverFinalMessage(new String(last.data(), StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new BackendConnectException("production's SCRAM signature did not verify: " + e.getMessage(), e);
        }
    }

    private byte[] channelBinding(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
            return TlsServerEndpoint.getChannelBindingData((X509Certificate) peer[0]);
        } catch (Exception e) {
            return null;
        }
    }

    private String password() {
        if (endpoint.password() == null) {
            throw new BackendConnectException("production asks for a password but production.readonly_password is not set");
        }
        return endpoint.password();
    }

    private static void send(ChannelHandlerContext ctx, FrontendMessage message) {
        ByteBuf out = ctx.alloc().buffer();
        message.encode(out);
        ctx.writeAndFlush(out);
    }

    private void ready(ChannelHandlerContext ctx) {
        if (phase != Phase.STARTING || keyData == null) {
            fail(ctx, "production became ready before authentication finished", null);
            return;
        }
        phase = Phase.DONE;
        ctx.pipeline().remove(this);
        result.complete(new BackendConnection(ctx.channel(), keyData, parameters));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "production closed the connection during start-up", null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "connection to production failed: " + cause.getMessage(), cause);
    }

    private void fail(ChannelHandlerContext ctx, String message, Throwable cause) {
        if (phase != Phase.DONE) {
            phase = Phase.DONE;
            result.completeExceptionally(cause instanceof BackendConnectException
                    ? cause : new BackendConnectException(message, cause));
        }
        ctx.close();
    }
}
