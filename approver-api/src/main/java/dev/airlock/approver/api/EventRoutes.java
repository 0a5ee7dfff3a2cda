package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.approver.store.ChangeEvents;
import dev.airlock.approver.store.ChangeRepository;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates for the web UI: {@code GET /api/events} (Server-Sent Events, an approver's or an
 * admin's token, {@code Accept: text/event-stream}) sends a {@code change} event with the id and
 * state of every change request that moves, on this instance or, through the store's
 * notifications, on another. Events are read and sent on a thread of their own, never the thread
 * that committed the move; a client that stops reading is dropped.
 */
public final class EventRoutes implements Routes, AutoCloseable {
    static final List<String> ROUTES = List.of("GET /api/events");
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    private static final int BACKLOG = 10_000;

    private final ChangeRepository changes;
    private final Callers callers;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(BACKLOG), runnable -> {
                Thread thread = new Thread(runnable, "airlock-ui-events");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    public EventRoutes(ChangeRepository changes, ChangeEvents events, Callers callers) {
        this.changes = changes;
        this.callers = callers;
        events.subscribe(id -> {
            if (!clients.isEmpty()) {
                sender.execute(() -> broadcast(id));
            }
        });
    }

    @Override
    public void register(Javalin app) {
        app.before("/api/events", callers::reader);
        app.sse("/api/events", client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            synchronized (client) {
                client.sendComment("connected");
            }
        });
    }

    private void broadcast(UUID id) {
        String data;
        try {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", id.toString());
            event.put("state", changes.find(id).map(change -> change.state().name()).orElse("UNKNOWN"));
            data = ApiServer.JSON.writeValueAsString(event);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("cannot describe change {} for the UI's live updates", id, e);
            return;
        }
        for (SseClient client : clients) {
            synchronized (client) {
                if (client.terminated()) {
                    clients.remove(client);
                } else {
                    client.sendEvent("change", data);
                }
            }
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
