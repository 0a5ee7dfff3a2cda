package dev.airlock.approver.store;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * "Change request X moved": delivered to this instance's subscribers after the store committed
 * the move. With a PostgreSQL store, moves made by other instances arrive through LISTEN/NOTIFY
 * ({@link PostgresNotifications}) and are delivered here too. A subscriber re-reads the change;
 * the event carries only the id, so a duplicate or late event is harmless.
 */
public final class ChangeEvents {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChangeEvents.class);
    private final List<Consumer<UUID>> subscribers = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<UUID> subscriber) {
        subscribers.add(subscriber);
    }

    public void publish(UUID changeId) {
        for (Consumer<UUID> subscriber : subscribers) {
            try {
                subscriber.accept(changeId);
            } catch (RuntimeException e) {
                LOG.warn("a subscriber failed on the event for change {}", changeId, e);
            }
        }
    }
}
