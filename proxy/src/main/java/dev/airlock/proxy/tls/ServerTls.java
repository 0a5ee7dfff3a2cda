package dev.airlock.proxy.tls;

import com.ongres.scram.common.util.TlsServerEndpoint;
import dev.airlock.proxy.config.ConfigException;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * TLS towards clients: the server certificate, a Netty SslContext, and the
 * {@code tls-server-end-point} channel-binding data that SCRAM-SHA-256-PLUS checks.
 */
public final class ServerTls {
    /** The ALPN protocol name PostgreSQL registered, which direct TLS requires. */
    public static final String ALPN_PROTOCOL = "postgresql";

    private final SslContext context;
    private final X509Certificate certificate;
    private final byte[] channelBindingData;

    private ServerTls(SslContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
        try {
            this.channelBindingData = TlsServerEndpoint.getChannelBindingData(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute channel binding data of the TLS certificate", e);
        }
    }

    /** TLS as configured: PEM files, a self-signed certificate, or none. */
    public static Optional<ServerTls> fromSettings(Settings settings) {
        if (settings.get(Setting.TLS_SELF_SIGNED)) {
            return Optional.of(selfSigned());
        }
        Optional<String> certificateFile = settings.find(Setting.TLS_CERTIFICATE);
        if (certificateFile.isEmpty()) {
            return Optional.empty();
        }
        String keyFile = settings.find(Setting.TLS_PRIVATE_KEY).orElseThrow();
        X509Certificate certificate = readFirstCertificate(Path.of(certificateFile.get()));
        try {
            SslContext context = build(SslContextBuilder.forServer(new File(certificateFile.get()), new File(keyFile)));
            return Optional.of(new ServerTls(context, certificate));
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("tls.private_key " + keyFile + " cannot be used with tls.certificate: " + e.getMessage(), e);
        }
    }

    public static ServerTls selfSigned() {
        SelfSignedCertificate generated = SelfSignedCertificate.generate("localhost");
        try {
            SslContext context = build(SslContextBuilder.forServer(generated.privateKey(), generated.certificate()));
            return new ServerTls(context, generated.certificate());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context for the self-signed certificate", e);
        }
    }

    /**
     * With {@code startTls}, because the one-byte 'S' answer to SSLRequest is written in clear after
     * the handler is in place. ALPN as PostgreSQL 17 does it: {@value #ALPN_PROTOCOL} is chosen when
     * the client offers it; a client offering only other protocols gets none, as from PostgreSQL
     * before 17, and on a direct handshake is refused (see {@link #isDirectWithoutAlpn}).
     */
    private static SslContext build(SslContextBuilder builder) throws SSLException {
        return builder.startTls(true).applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, ALPN_PROTOCOL)).build();
    }

    private static X509Certificate readFirstCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("tls.certificate " + file + " is not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    /** A server-side handler for a client that sent SSLRequest: it is answered 'S' in clear first. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }

    /** A server-side handler for a client whose first bytes are its TLS handshake (direct TLS). */
    SslHandler newDirectHandler(ByteBufAllocator allocator) {
        return new SslHandler(context.newEngine(allocator));
    }

    /**
     * Whether the connection's TLS began directly, without SSLRequest, and without ALPN naming
     * PostgreSQL. PostgreSQL 17 refuses such a connection: ALPN is what shows the client meant to
     * speak PostgreSQL, and not some other protocol redirected here.
     */
    public static boolean isDirectWithoutAlpn(ChannelPipeline pipeline) {
        ChannelHandler direct = pipeline.get(DirectTlsDetector.HANDLER_NAME);
        return direct instanceof SslHandler handler && !ALPN_PROTOCOL.equals(handler.applicationProtocol());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public byte[] channelBindingData() {
        return channelBindingData.clone();
    }
}
