package dev.airlock.proxy.backend;

import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where production is and how Airlock's read-only role reaches it. The password is resolved from
 * its env: or file: reference at start-up and never logged.
 */
public record ProductionEndpoint(String host, int port, String database, String user, String password,
        SslMode sslMode, Optional<String> rootCertificate, Duration connectTimeout) {

    /** libpq's sslmode values Airlock supports. */
    public enum SslMode { DISABLE, PREFER, REQUIRE, VERIFY_FULL }

    public static ProductionEndpoint readOnly(Settings settings, Map<String, String> environment) {
        String password = settings.find(Setting.PRODUCTION_READONLY_PASSWORD)
                .map(reference -> reference.resolve(environment))
                .orElse(null);
        return new ProductionEndpoint(
                settings.get(Setting.PRODUCTION_HOST),
                settings.get(Setting.PRODUCTION_PORT),
                settings.get(Setting.PRODUCTION_DATABASE),
                settings.get(Setting.PRODUCTION_READONLY_USER),
                password,
                SslMode.valueOf(settings.get(Setting.PRODUCTION_SSLMODE).toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                settings.find(Setting.PRODUCTION_SSL_ROOT_CERT),
                settings.get(Setting.PRODUCTION_CONNECT_TIMEOUT));
    }

    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "ProductionEndpoint[" + describe() + ", sslmode=" + sslMode + "]";
    }
}
