package dev.airlock.approver.audit;

import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Servers;

/**
 * The audit log contract on a PostgreSQL store. The store goes away for real: the database stops
 * accepting connections and every session on it is terminated with {@code pg_terminate_backend}.
 */
class PostgresAuditLogIT extends AuditLogContract {
    private static final ThreadLocal<String> CREATED = new ThreadLocal<>();
    private final String database;

    PostgresAuditLogIT() {
        super(created());
        String url = CREATED.get();
        String tail = url.substring(url.lastIndexOf('/') + 1);
        this.database = tail.contains("?") ? tail.substring(0, tail.indexOf('?')) : tail;
    }

    private static StoreSettings created() {
        StoreSettings settings = Planes.postgres("audit");
        CREATED.set(((StoreSettings.Postgres) settings).jdbcUrl());
        return settings;
    }

    @Override
    void storeGoesAway(SwitchableDataSource writer) {
        Servers.store().execute("postgres", "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        Servers.store().execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database + "'");
    }

    @Override
    void storeComesBack(SwitchableDataSource writer) {
        Servers.store().execute("postgres", "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }
}
