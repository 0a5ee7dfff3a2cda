package dev.airlock.sandbox.server;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the sandbox server is and how Airlock uses it. The administrator must be a superuser of
 * that server (it creates roles, mirror templates and task databases); task statements never run
 * with it. {@code changeRole} is the production role that replays approved changes: objects a
 * change set creates are shown as owned by it. Every statement the sandbox runs is bounded by
 * {@code statementTimeout} and {@code lockTimeout}; building a mirror by {@code mirrorTimeout}.
 */
public record SandboxSettings(String host, int port, String adminUser, String adminPassword, String changeRole,
                              Duration statementTimeout, Duration lockTimeout, Duration connectTimeout,
                              Duration mirrorTimeout) {
    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(changeRole, "changeRole");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("sandbox port must be 1-65535, not " + port);
        }
        requirePositive(statementTimeout, "statementTimeout");
        requirePositive(lockTimeout, "lockTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(mirrorTimeout, "mirrorTimeout");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }

    /** Settings for an embedded server: its trusted superuser administers it. */
    public static SandboxSettings embedded(EmbeddedServer server, String changeRole) {
        return new SandboxSettings(server.host(), server.port(), EmbeddedServer.SUPERUSER, null, changeRole,
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    public SandboxSettings withTimeouts(Duration statement, Duration lock) {
        return new SandboxSettings(host, port, adminUser, adminPassword, changeRole, statement, lock, connectTimeout,
                mirrorTimeout);
    }
}
