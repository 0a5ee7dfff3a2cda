package dev.airlock.approver.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Connection pools on the store, one recipe for every user of it: the change repository's pool
 * ({@link Store}) and the audit log's own small one (so a slow audit writer never takes
 * connections from approvals, and the reverse). H2 runs in PostgreSQL mode so that one migration
 * set fits both databases; pools in one process on the same H2 file share the same database.
 */
public final class StorePools {
    private StorePools() {
    }

    /**
     * Opens a pool of at most {@code size} connections; a connection that cannot be had within
     * {@code connectionTimeout} fails with an {@link java.sql.SQLException} (never a hang).
     */
    public static HikariDataSource open(StoreSettings settings, String name, int size, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        if (settings instanceof StoreSettings.H2 h2) {
            // MODE=PostgreSQL: TEXT and BYTEA mean what they mean on PostgreSQL, so one migration set fits both.
            // WRITE_DELAY=0: a commit is written to the file before it returns. H2's default keeps the last
            // half second or more of commits in memory, and a killed Airlock lost them: a change moved to
            // EXECUTING before its replay was found PENDING again after a restart.
            config.setJdbcUrl("jdbc:h2:file:" + h2.file().toAbsolutePath()
                    + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            config.setUsername("airlock");
            config.setPassword("");
        } else if (settings instanceof StoreSettings.Postgres pg) {
            config.setJdbcUrl(pg.jdbcUrl());
            config.setUsername(pg.user());
            config.setPassword(pg.password());
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store " + settings + ": " + e.getMessage(), e);
        }
    }
}
