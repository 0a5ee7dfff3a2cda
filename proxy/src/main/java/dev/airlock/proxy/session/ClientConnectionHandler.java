package dev.airlock.proxy.session;

import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.frontend.FrontendFrameDecoder;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one client connection, as a checklist: start-up (TLS negotiation, start-up
 * parameters), authentication (SCRAM-SHA-256), then the session that relays to production through
 * the gate. Each stage is a {@link ConnectionPhase}; this handler only routes events to the current
 * one, enforces the authentication deadline and turns errors into ErrorResponses. Every disconnect
 * is logged with its reason.
 */
public final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);
    private static final long FATAL_WRITE_GRACE_SECONDS = 5;

    private final ProxyContext context;
    private ChannelHandlerContext channel;
    private ConnectionPhase phase;
    private ScheduledFuture<?> authenticationDeadline;
    private String closeReason;
    private Identity identity;

    public ClientConnectionHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx;
        context.clients().incrementAndGet();
        phase = new StartupPhase(this);
        long timeout = context.settings().get(Setting.LIMITS_AUTHENTICATION_TIMEOUT).toMillis();
        authenticationDeadline = ctx.executor().schedule(this::authenticationTimedOut, timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            phase.onMessage(msg);
        } catch (PgException e) {
            fail(e);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        phase.onReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        phase.onWritabilityChanged(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context.clients().decrementAndGet();
        authenticationDeadline.cancel(false);
        if (identity != null) {
            if (identity.taskCredential()) {
                context.taskSessions().remove(identity.task().id(), this);
            }
            context.metrics().sessionEnded(identity.kind());
        }
        phase.onClose();
        log.info("disconnection: client={} reason=\"{}\"", ctx.channel().remoteAddress(),
                closeReason == null ? "client closed the connection" : closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof PgException error) {
            fail(error);
            return;
        }
        if (root instanceof IOException gone) {
            // a reset or broken pipe: the client went away; nothing can be said to it
            close("the client's connection failed: " + gone.getMessage());
            return;
        }
        log.warn("closing client connection {} after an unexpected error", ctx.channel().remoteAddress(), root);
        fail(PgException.fatal(SqlState.INTERNAL_ERROR, "Airlock closed the connection after an internal error"));
    }

    /**
     * The client did not finish start-up in time. In the middle of a TLS handshake nothing can be
     * said to it (an error would wait for the handshake), so the connection is just closed.
     */
    private void authenticationTimedOut() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl != null && !ssl.handshakeFuture().isDone()) {
            close("TLS handshake not finished within the authentication timeout");
        } else {
            fail(PgException.fatal(SqlState.QUERY_CANCELED, "canceling authentication due to timeout"));
        }
    }

    /**
     * Sends the error; a FATAL one closes the connection after it is written, or after
     * {@value #FATAL_WRITE_GRACE_SECONDS} s if the client does not take it (it stopped reading).
     */
    void fail(PgException error) {
        if (!channel.channel().isActive()) {
            return;
        }
        if (error.isFatal()) {
            closeReason = error.sqlState().code() + " " + error.getMessage();
            channel.writeAndFlush(error.toErrorResponse()).addListener(ChannelFutureListener.CLOSE);
            channel.executor().schedule((Runnable) channel::close, FATAL_WRITE_GRACE_SECONDS, TimeUnit.SECONDS);
        } else {
            channel.writeAndFlush(error.toErrorResponse());
        }
    }

    void close(String reason) {
        closeReason = reason;
        channel.close();
    }

    void enterAuthentication(ClientStartup startup, SessionGateState gateState) {
        phase = new AuthenticationPhase(this, startup, gateState);
    }

    void enterSession(Identity identity, ClientStartup startup, SessionGateState gateState) {
        authenticationDeadline.cancel(false);
        channel.pipeline().get(FrontendFrameDecoder.class).authenticated();
        ClientSession session = new ClientSession(this, identity, startup, gateState);
        phase = session;
        this.identity = identity;
        context.metrics().authenticated(identity.kind());
        log.info("connection authorized: client={} user={} kind={} application_name=\"{}\" tls={}",
                channel.channel().remoteAddress(), identity.name(), identity.kind(), startup.applicationName(), isEncrypted());
        if (identity.taskCredential()) {
            String taskId = identity.task().id();
            context.taskSessions().add(taskId, this, new TaskSessions.Opened(session, String.valueOf(
                    channel.channel().remoteAddress()), startup.applicationName(), Instant.now()));
            if (!context.identities().isRunning(taskId)) {
                fail(TaskSessions.terminated(taskId, "it ended while this connection was authenticating"));
            }
        }
    }

    boolean isEncrypted() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        return ssl != null && ssl.handshakeFuture().isSuccess();
    }

    ChannelHandlerContext channel() {
        return channel;
    }

    ProxyContext context() {
        return context;
    }
}
