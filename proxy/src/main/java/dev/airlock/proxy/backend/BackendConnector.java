package dev.airlock.proxy.backend;

import dev.airlock.proxy.config.ConfigException;
import dev.airlock.proxy.net.Transport;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Opens connections to production as Airlock's read-only role, on the event loop the caller
 * names. Every connection starts with {@code default_transaction_read_only=on} as a start-up
 * parameter, so it is the session default that RESET and DISCARD ALL return to.
 */
public final class BackendConnector {
    private final ProductionEndpoint endpoint;
    private final StartupMessage startup;
    private final SslContext sslContext;
    private final Transport transport;

    /** Connects with {@code transport}'s channels, so it needs event loops of the same transport. */
    public BackendConnector(ProductionEndpoint endpoint, Transport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.startup = StartupMessage.protocol30(List.of(
                new StartupMessage.Parameter("user", endpoint.user()),
                new StartupMessage.Parameter("database", endpoint.database()),
                new StartupMessage.Parameter("client_encoding", "UTF8"),
                new StartupMessage.Parameter("application_name", "airlock"),
                new StartupMessage.Parameter("default_transaction_read_only", "on")));
        this.sslContext = sslContext(endpoint);
    }

    private static SslContext sslContext(ProductionEndpoint endpoint) {
        if (endpoint.sslMode() == ProductionEndpoint.SslMode.DISABLE) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (endpoint.sslMode() == ProductionEndpoint.SslMode.VERIFY_FULL) {
                builder.trustManager(new File(endpoint.rootCertificate().orElseThrow()))
                        .endpointIdentificationAlgorithm("HTTPS");
            } else {
                // libpq's prefer and require encrypt without checking who is on the other side.
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("production.ssl_root_cert cannot be used: " + e.getMessage(), e);
        }
    }

    public ProductionEndpoint endpoint() {
        return endpoint;
    }

    public CompletableFuture<BackendConnection> connect(EventLoop loop) {
        CompletableFuture<BackendConnection> result = new CompletableFuture<>();
        Supplier<SslHandler> sslHandlers = sslContext == null
                ? null
                : () -> sslContext.newHandler(ByteBufAllocator.DEFAULT, endpoint.host(), endpoint.port());
        long timeoutMillis = endpoint.connectTimeout().toMillis();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("handshake", new BackendHandshake(endpoint, startup, sslHandlers, result));
                    }
                });
        transport.socketOptions().forEach(option -> option.applyTo(bootstrap));
        ChannelFuture connecting = bootstrap.connect(endpoint.host(), endpoint.port());
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new BackendConnectException("cannot connect to production at "
                        + endpoint.host() + ":" + endpoint.port() + ": " + done.cause().getMessage(), done.cause()));
            }
        });
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            if (result.completeExceptionally(new BackendConnectException("connecting to production at "
                    + endpoint.host() + ":" + endpoint.port() + " took longer than " + timeoutMillis + " ms"))) {
                connecting.channel().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((connection, failure) -> deadline.cancel(false));
        return result;
    }
}
