package dev.airlock.approver.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on {@link Store#CHANNEL} over a connection of its own (a pooled connection would be
 * handed to others between polls) and publishes each notified change id as a local event. When
 * the connection drops it reconnects after a pause; events missed meanwhile are caught by the
 * waiters' periodic re-read, so a lost NOTIFY delays an answer but never loses it.
 */
final class PostgresNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1_000;

    private final StoreSettings.Postgres settings;
    private final ChangeEvents events;
    private final Thread thread;
    private volatile boolean running = true;

    private PostgresNotifications(StoreSettings.Postgres settings, ChangeEvents events) {
        this.settings = settings;
        this.events = events;
        this.thread = new Thread(this::run, "airlock-store-listen");
        this.thread.setDaemon(true);
    }

    static PostgresNotifications start(StoreSettings.Postgres settings, ChangeEvents events) {
        PostgresNotifications notifications = new PostgresNotifications(settings, events);
        notifications.thread.start();
        return notifications;
    }

    private void run() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Store.CHANNEL);
                }
                PGConnection listener = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = listener.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("store notifications interrupted, reconnecting in {} ms: {}", RECONNECT_MILLIS, e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            events.publish(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a notification on {} that is not a change id: {}", Store.CHANNEL, payload);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", "airlock-store-listen");
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
