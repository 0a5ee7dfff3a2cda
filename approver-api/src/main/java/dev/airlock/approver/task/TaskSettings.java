package dev.airlock.approver.task;

import java.time.Duration;
import java.util.Objects;

/**
 * How tasks are issued: the TTL a task gets when it asks for none, the longest any may have, and
 * where agents connect (the proxy's public host and port, production's database name, and the
 * {@code sslmode} the connection strings ask for).
 */
public record TaskSettings(Duration defaultTtl, Duration maxTtl, String connectHost, int connectPort, String database,
                           String sslMode) {
    public TaskSettings {
        Objects.requireNonNull(connectHost, "connectHost");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sslMode, "sslMode");
        if (defaultTtl == null || defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("the default task TTL must be positive, not " + defaultTtl);
        }
        if (maxTtl == null || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("the largest task TTL (" + maxTtl + ") is below the default ("
                    + defaultTtl + ")");
        }
        if (connectPort < 0 || connectPort > 65535) {
            throw new IllegalArgumentException("the port agents connect to must be 1-65535 (0: the one the proxy"
                    + " listens on, told later), not " + connectPort);
        }
    }
}
