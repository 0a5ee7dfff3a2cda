package dev.airlock.proxy.tls;

import com.ongres.scram.common.util.TlsServerEndpoint;
import dev.airlock.proxy.config.ConfigException;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import io.netty.buffer.ByteBufAllocator;
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
            SslContext context = SslContextBuilder.forServer(new File(certificateFile.get()), new File(keyFile)).startTls(true).build();
            return Optional.of(new ServerTls(context, certificate));
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("tls.private_key " + keyFile + " cannot be used with tls.certificate: " + e.getMessage(), e);
        }
    }

    public static ServerTls selfSigned() {
        SelfSignedCertificate generated = SelfSignedCertificate.generate("localhost");
        try {
            SslContext context = SslContextBuilder.forServer(generated.privateKey(), generated.certificate()).startTls(true).build();
            return new ServerTls(context, generated.certificate());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context for the self-signed certificate", e);
        }
    }

    private static X509Certificate readFirstCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("tls.certificate " + file + " is not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server-side handler. The context is built with {@code startTls} because the one-byte 'S'
     * answer to SSLRequest is written in clear after the handler is in place.
     */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public byte[] channelBindingData() {
        return channelBindingData.clone();
    }
}
