package dev.airlock.proxy.session;

import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.frontend.StartupPacket;
import dev.airlock.proxy.frontend.StartupValidator;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.NegotiateProtocolVersion;
import dev.airlock.proxy.tls.ServerTls;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;

/**
 * Before authentication: answers SSLRequest ('S' and TLS when configured, 'N' otherwise) and
 * GSSENCRequest ('N'), forwards a matching CancelRequest, and checks the StartupMessage.
 */
final class StartupPhase implements ConnectionPhase {
    private final ClientConnectionHandler connection;

    StartupPhase(ClientConnectionHandler connection) {
        this.connection = connection;
    }

    @Override
    public void onMessage(Object message) {
        ChannelHandlerContext ctx = connection.channel();
        if (message instanceof StartupPacket.SslRequest) {
            Optional<ServerTls> tls = connection.context().tls();
            if (tls.isPresent()) {
                ctx.pipeline().addFirst("tls", tls.get().newHandler(ctx.alloc()));
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) (tls.isPresent() ? 'S' : 'N')}));
        } else if (message instanceof StartupPacket.GssEncRequest) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (message instanceof StartupPacket.Cancel cancel) {
            connection.context().cancelRegistry().cancel(cancel.request().processId(), cancel.request().secretKey());
            connection.close("cancel request");
        } else if (message instanceof StartupPacket.Startup startup) {
            start(startup);
        } else {
            ReferenceCountUtil.release(message);
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "expected a startup message");
        }
    }

    private void start(StartupPacket.Startup packet) {
        ProxyContext context = connection.context();
        if (context.settings().get(Setting.TLS_REQUIRED) && !connection.isEncrypted()) {
            throw PgException.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "Airlock requires TLS")
                    .withHint("Connect with sslmode=require (psql) or ssl=true (JDBC).");
        }
        if (context.clients().get() > context.settings().get(Setting.LIMITS_MAX_CLIENT_CONNECTIONS)) {
            throw PgException.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already")
                    .withHint("limits.max_client_connections is " + context.settings().get(Setting.LIMITS_MAX_CLIENT_CONNECTIONS) + ".");
        }
        ClientStartup startup = StartupValidator.validate(packet.message());
        // decided before authentication, so a refused setting costs no password exchange
        SessionGateState gateState = context.gate().sessionState(startup.settings());
        if (startup.needsProtocolNegotiation()) {
            connection.channel().write(new NegotiateProtocolVersion(0, List.of()));
        }
        connection.enterAuthentication(startup, gateState);
    }
}
