package dev.airlock.proxy.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.ReadyForQuery;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import dev.airlock.proxy.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Read-only connections to production, shared by client sessions one at a time. A session takes a
 * connection when it first needs production and gives it back when it ends; an idle client holds
 * nothing, so thousands of idle clients need no server connections.
 *
 * <p>Connections live on an event loop; a session gets one from its own loop (no thread hops on
 * the relay path). At most {@code maxSize} connections exist; a session that finds none waits up
 * to {@code acquireTimeout} and then gets 53300. Before reuse every connection is reset with
 * {@code DISCARD ALL}, which closes cursors, drops prepared statements and temporary tables,
 * releases advisory locks and resets settings to the start-up values (so read-only stays on).
 * A connection that is not idle when its session ends is closed instead.
 */
public final class BackendPool {
    private static final String RESET_QUERY = "DISCARD ALL";

    private final BackendConnector connector;
    private final int maxSize;
    private final Duration acquireTimeout;
    private final Map<EventLoop, ArrayDeque<BackendConnection>> idle = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int open;
    private boolean closed;

    private record Waiter(EventLoop loop, CompletableFuture<BackendConnection> future) {
    }

    public BackendPool(BackendConnector connector, int maxSize, Duration acquireTimeout) {
        this.connector = connector;
        this.maxSize = maxSize;
        this.acquireTimeout = acquireTimeout;
    }

    /** A connection on {@code loop}; completes on that loop's thread or on the caller's. */
    public CompletableFuture<BackendConnection> acquire(EventLoop loop) {
        CompletableFuture<BackendConnection> future = new CompletableFuture<>();
        boolean create;
        synchronized (this) {
            if (closed) {
                future.completeExceptionally(PgException.error(SqlState.CANNOT_CONNECT_NOW, "Airlock is shutting down"));
                return future;
            }
            BackendConnection reusable = takeIdle(loop);
            if (reusable != null) {
                future.complete(reusable);
                return future;
            }
            create = open < maxSize || evictIdleElsewhere();
            if (create) {
                open++;
            } else {
                waiters.add(new Waiter(loop, future));
            }
        }
        if (create) {
            open(loop, future);
        } else {
            ScheduledFuture<?> deadline =
                    loop.schedule(() -> expire(future), acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
            future.whenComplete((connection, failure) -> deadline.cancel(false));
        }
        return future;
    }

    private BackendConnection takeIdle(EventLoop loop) {
        ArrayDeque<BackendConnection> connections = idle.get(loop);
        while (connections != null && !connections.isEmpty()) {
            BackendConnection connection = connections.pollLast();
            connection.detach();
            if (connection.isActive()) {
                return connection;
            }
            open--;
        }
        return null;
    }

    /** At the limit, an idle connection on another loop gives its place to a new one here. */
    private boolean evictIdleElsewhere() {
        for (ArrayDeque<BackendConnection> connections : idle.values()) {
            BackendConnection victim = connections.pollFirst();
            if (victim != null) {
                victim.detach();
                victim.close();
                open--;
                return true;
            }
        }
        return false;
    }

    private void open(EventLoop loop, CompletableFuture<BackendConnection> future) {
        connector.connect(loop).whenComplete((connection, failure) -> {
            if (failure == null) {
                if (!future.complete(connection)) {
                    release(connection);
                }
                return;
            }
            closedOne();
            future.completeExceptionally(PgException.error(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                    "Airlock cannot reach production right now").withDetail(failure.getMessage()));
        });
    }

    private void expire(CompletableFuture<BackendConnection> future) {
        synchronized (this) {
            waiters.removeIf(waiter -> waiter.future == future);
        }
        future.completeExceptionally(PgException.error(SqlState.TOO_MANY_CONNECTIONS,
                "no production connection became free within " + acquireTimeout.toSeconds() + " s")
                .withHint("All " + maxSize + " connections of production.pool.max_size are in use."));
    }

    /**
     * Takes back a connection whose session has ended. The caller guarantees it is idle (last
     * ReadyForQuery said 'I' and nothing is in flight); it is reset before anyone reuses it.
     */
    public void release(BackendConnection connection) {
        if (!connection.isActive()) {
            closedOne();
            return;
        }
        connection.attach(new Reset(connection));
        ByteBuf query = io.netty.buffer.Unpooled.buffer();
        new Query(RESET_QUERY).encode(query);
        connection.writeAndFlush(query);
    }

    /** Closes a connection that cannot be reused (broken, or busy when its session ended). */
    public void discard(BackendConnection connection) {
        connection.detach();
        connection.close();
        closedOne();
    }

    private void closedOne() {
        Waiter next;
        synchronized (this) {
            open--;
            next = closed ? null : waiters.poll();
            if (next != null) {
                open++;
            }
        }
        if (next != null) {
            open(next.loop, next.future);
        }
    }

    private void returnIdle(BackendConnection connection) {
        Waiter handOver = null;
        boolean replace = false;
        synchronized (this) {
            if (closed) {
                open--;
                connection.close();
                return;
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.loop == connection.eventLoop()) {
                    it.remove();
                    handOver = waiter;
                    break;
                }
            }
            if (handOver == null && !waiters.isEmpty()) {
                handOver = waiters.poll();
                replace = true;
            }
            if (handOver == null) {
                connection.attach(new IdleWatch(connection));
                idle.computeIfAbsent(connection.eventLoop(), loop -> new ArrayDeque<>()).addLast(connection);
                return;
            }
        }
        if (replace) {
            connection.detach();
            connection.close();
            open(handOver.loop, handOver.future);
        } else {
            connection.detach();
            if (!handOver.future.complete(connection)) {
                release(connection);
            }
        }
    }

    private synchronized void forgetIdle(BackendConnection connection) {
        ArrayDeque<BackendConnection> connections = idle.get(connection.eventLoop());
        if (connections != null && connections.remove(connection)) {
            open--;
        }
    }

    public synchronized int openConnections() {
        return open;
    }

    /** Open connections no session holds. */
    public synchronized int idleConnections() {
        int count = 0;
        for (ArrayDeque<BackendConnection> connections : idle.values()) {
            count += connections.size();
        }
        return count;
    }

    /** Sessions waiting for a connection because all {@code maxSize} are held. */
    public synchronized int waitingSessions() {
        return waiters.size();
    }

    /** Closes idle connections and refuses new acquisitions. */
    public void close() {
        synchronized (this) {
            closed = true;
            idle.values().forEach(connections -> connections.forEach(connection -> {
                connection.detach();
                connection.close();
            }));
            open -= idle.values().stream().mapToInt(ArrayDeque::size).sum();
            idle.clear();
        }
    }

    /** Waits for DISCARD ALL to finish, then makes the connection available again. */
    private final class Reset implements BackendListener {
        private final BackendConnection connection;
        private boolean failed;

        Reset(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onServerMessages(ServerMessages messages) {
            try {
                for (int i = 0; i < messages.count(); i++) {
                    if (messages.type(i) == BackendType.ERROR_RESPONSE) {
                        failed = true;
                    } else if (messages.type(i) == BackendType.READY_FOR_QUERY) {
                        boolean idleNow = ReadyForQuery.decode(messages.body(i)).status() == TransactionStatus.IDLE;
                        if (failed || !idleNow) {
                            discard(connection);
                        } else {
                            returnIdle(connection);
                        }
                        return;
                    }
                }
            } finally {
                messages.release();
            }
        }

        @Override
        public void onServerReadComplete() {
        }

        @Override
        public void onBackendWritabilityChanged(boolean writable) {
        }

        @Override
        public void onBackendClosed(Throwable cause) {
            connection.detach();
            closedOne();
        }
    }

    /**
     * An idle connection that the server closes, or that sends anything but a parameter report or
     * a notice (say, a FATAL before an administrator's shutdown), leaves the pool.
     */
    private final class IdleWatch implements BackendListener {
        private final BackendConnection connection;

        IdleWatch(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onServerMessages(ServerMessages messages) {
            boolean expected = !messages.isStreamedPiece();
            for (int i = 0; i < messages.count(); i++) {
                byte type = messages.type(i);
                expected &= type == BackendType.PARAMETER_STATUS || type == BackendType.NOTICE_RESPONSE;
            }
            messages.release();
            if (!expected) {
                connection.close();
            }
        }

        @Override
        public void onServerReadComplete() {
        }

        @Override
        public void onBackendWritabilityChanged(boolean writable) {
        }

        @Override
        public void onBackendClosed(Throwable cause) {
            forgetIdle(connection);
        }
    }
}
