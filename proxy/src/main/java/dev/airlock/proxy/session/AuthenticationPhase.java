package dev.airlock.proxy.session;

import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.ScramServerExchange;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.frontend.FrontendFrame;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.Wire;
import dev.airlock.proxy.protocol.backend.AuthenticationRequest;
import dev.airlock.proxy.protocol.frontend.SaslInitialResponse;
import dev.airlock.proxy.protocol.frontend.SaslResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * SCRAM-SHA-256 authentication of the client by Airlock. Unknown users get the same exchange as
 * known ones and the same 28P01 at the end. Passwords in clear and MD5 are never accepted (28000).
 * After the proof checks out, the requested database must be production's.
 */
final class AuthenticationPhase implements ConnectionPhase {
    private final ClientConnectionHandler connection;
    private final ClientStartup startup;
    /** What the gate decided about the startup packet's settings, for the session to start from. */
    private final SessionGateState gateState;
    private final Identity identity;
    private final ScramServerExchange exchange;
    private boolean firstMessageSeen;

    AuthenticationPhase(ClientConnectionHandler connection, ClientStartup startup, SessionGateState gateState) {
        this.connection = connection;
        this.startup = startup;
        this.gateState = gateState;
        ProxyContext context = connection.context();
        Optional<Identity> known = context.identities().find(startup.user());
        this.identity = known.orElse(null);
        ScramVerifier verifier = known.map(Identity::verifier).orElse(null);
        byte[] binding = connection.isEncrypted() ? context.tls().orElseThrow().channelBindingData() : null;
        this.exchange = ScramServerExchange.begin(startup.user(), verifier, context.mockVerifiers(), binding, context.random());
        connection.channel().writeAndFlush(new AuthenticationRequest.Sasl(exchange.mechanisms()));
    }

    @Override
    public void onMessage(Object message) {
        try {
            if (!(message instanceof FrontendFrame frame) || frame.type() != FrontendType.AUTHENTICATION_RESPONSE) {
                String type = message instanceof FrontendFrame frame ? String.valueOf((char) frame.type()) : "start-up";
                throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "expected SASL response, got message type " + type);
            }
            ByteBuf body = frame.body();
            if (!firstMessageSeen) {
                firstMessageSeen = true;
                onInitialResponse(body);
            } else {
                onFinalResponse(SaslResponse.decode(body));
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onInitialResponse(ByteBuf body) {
        if (isPasswordMessage(body)) {
            throw PgException.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "password authentication in clear is not accepted; use SCRAM-SHA-256");
        }
        SaslInitialResponse initial = SaslInitialResponse.decode(body);
        byte[] serverFirst = exchange.onClientFirst(initial.mechanism(), initial.data());
        connection.channel().writeAndFlush(new AuthenticationRequest.SaslContinue(serverFirst));
    }

    /** A PasswordMessage is one string and nothing else; a SASLInitialResponse has more after it. */
    private static boolean isPasswordMessage(ByteBuf body) {
        ByteBuf probe = body.duplicate();
        Wire.readCString(probe);
        return !probe.isReadable();
    }

    private void onFinalResponse(SaslResponse response) {
        byte[] serverFinal;
        String remote = String.valueOf(connection.channel().channel().remoteAddress());
        try {
            serverFinal = exchange.onClientFinal(response.data());
        } catch (PgException e) {
            connection.context().metrics().authenticationFailed();
            connection.context().auditTrail().authentication(startup.user(), remote, false, e.getMessage());
            throw e;
        }
        if (!connection.context().auditTrail().authentication(startup.user(), remote, true, null)) {
            throw PgException.fatal(SqlState.INSUFFICIENT_RESOURCES,
                    "Airlock cannot record this connection in its audit log, so it does not accept it; try again");
        }
        String database = connection.context().settings().get(Setting.PRODUCTION_DATABASE);
        ChannelHandlerContext ctx = connection.channel();
        ctx.write(new AuthenticationRequest.SaslFinal(serverFinal));
        ctx.write(new AuthenticationRequest.Ok());
        if (!database.equals(startup.database())) {
            throw PgException.fatal(SqlState.INVALID_CATALOG_NAME, "database \"" + startup.database() + "\" does not exist")
                    .withHint("Airlock serves the database \"" + database + "\".");
        }
        connection.enterSession(identity, startup, gateState);
    }
}
