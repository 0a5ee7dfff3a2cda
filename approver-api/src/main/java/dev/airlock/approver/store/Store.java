package dev.airlock.approver.store;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * The control plane's store, opened from {@link StoreSettings}: a HikariCP pool, the Flyway
 * migrations in {@code db/migration} (one set that both H2, in PostgreSQL mode, and PostgreSQL
 * accept), the {@link ChangeRepository} and {@link TaskRepository} over it, and {@link ChangeEvents}. With PostgreSQL a
 * listener connection turns other instances' NOTIFYs into events; H2 is single-instance, so its
 * events are the ones this process publishes.
 */
public final class Store implements AutoCloseable {
    /** The NOTIFY channel that carries the id of a change request that moved. */
    public static final String CHANNEL = "airlock_change";

    private final HikariDataSource pool;
    private final ChangeEvents events = new ChangeEvents();
    private final ChangeRepository changes;
    private final TaskRepository tasks;
    private final PostgresNotifications notifications;

    private Store(HikariDataSource pool, StoreSettings settings, Clock clock) {
        this.pool = pool;
        boolean postgres = settings instanceof StoreSettings.Postgres;
        this.changes = new ChangeRepository(pool, events, postgres, clock);
        this.tasks = new TaskRepository(pool);
        this.notifications = settings instanceof StoreSettings.Postgres pg ? PostgresNotifications.start(pg, events) : null;
    }

    public static Store open(StoreSettings settings, Clock clock) {
        HikariDataSource pool = StorePools.open(settings, "airlock-store", 8, Duration.ofSeconds(30));
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            return new Store(pool, settings, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the store " + settings + ": " + e.getMessage(), e);
        }
    }

    public ChangeRepository changes() {
        return changes;
    }

    public TaskRepository tasks() {
        return tasks;
    }

    public ChangeEvents events() {
        return events;
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
        pool.close();
    }
}
