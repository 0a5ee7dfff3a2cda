package dev.airlock.proxy.session;

import dev.airlock.proxy.backend.BackendConnection;
import dev.airlock.proxy.backend.BackendListener;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import dev.airlock.proxy.protocol.frontend.CopyFail;
import dev.airlock.proxy.protocol.frontend.FrontendMessage;
import dev.airlock.proxy.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's way to production. The pooled connection is taken when the first message needs one;
 * until it is there, messages wait in order, and it is given this session's parameters before
 * them. Every message is written with the reply it expects ({@link ProductionReplies}). When the
 * session ends, the connection goes back to the pool if it is idle, and is discarded (its running
 * statement cancelled) if it is not. Runs on the session's event loop only.
 */
final class ProductionLink {
    private record Waiting(ByteBuf bytes, Pending expectation) {
    }

    /** The session the link serves: it hears what production sends, and how attaching went. */
    interface Session extends BackendListener {
        /** A connection is attached and the waiting messages are written: carry on. */
        void onLinked();

        /** No connection could be had; the session must end with {@code error}. */
        void onLinkFailed(PgException error);
    }

    private final ChannelHandlerContext client;
    private final ProxyContext context;
    private final ProductionReplies replies;
    private final SessionParameters parameters;
    private final Session session;
    /** Messages written before a connection was attached, in order. */
    private final List<Waiting> waiting = new ArrayList<>();
    private BackendConnection backend;
    private boolean attaching;
    private boolean dirty;
    private boolean closed;

    ProductionLink(ChannelHandlerContext client, ProxyContext context, ProductionReplies replies,
            SessionParameters parameters, Session session) {
        this.client = client;
        this.context = context;
        this.replies = replies;
        this.parameters = parameters;
        this.session = session;
    }

    /** No connection is attached or on its way (so no message waits for one either). */
    boolean isUnused() {
        return backend == null && !attaching;
    }

    /** A connection is on its way from the pool; messages written now wait for it. */
    boolean isAttaching() {
        return attaching;
    }

    /**
     * Takes a connection now, with no message for it yet: it is given the session's parameters, and
     * {@link Session#onLinked} follows as for any attach.
     */
    void attachNow() {
        if (isUnused()) {
            attach();
        }
    }

    /** Writes {@code bytes}, a message production will answer as {@code expectation} says. */
    void write(ByteBuf bytes, Pending expectation) {
        if (backend == null) {
            waiting.add(new Waiting(bytes, expectation));
            if (!attaching) {
                attach();
            }
            return;
        }
        replies.add(expectation);
        backend.write(bytes);
        dirty = true;
    }

    /** Encodes and writes {@code message}, answered as {@code expectation} says. */
    void write(FrontendMessage message, Pending expectation) {
        write(encode(message), expectation);
    }

    private ByteBuf encode(FrontendMessage message) {
        ByteBuf bytes = client.alloc().buffer();
        message.encode(bytes);
        return bytes;
    }

    /**
     * A client's Flush: passed on to an attached connection, which then sends what it holds; with
     * none attached, production holds nothing and {@code flush} is released.
     */
    void passFlush(ByteBuf flush) {
        if (backend == null) {
            flush.release();
            return;
        }
        backend.write(flush);
        dirty = true;
    }

    /** Production asked for COPY data, which this session never sends: fail the COPY, saying why. */
    void failCopy(String reason) {
        backend.writeAndFlush(encode(new CopyFail(reason)));
    }

    /** The attached connection reported a parameter's value: it is reset to it on its next use. */
    void parameterReported(String name, String value) {
        backend.updateParameter(name, value);
    }

    /** Flushes what was written since the last flush. */
    void flush() {
        if (dirty && backend != null) {
            backend.flush();
        }
        dirty = false;
    }

    /** Whether production can take more (true with no connection: messages then wait in memory). */
    boolean isWritable() {
        return backend == null || backend.isWritable();
    }

    /** Stops or resumes reading from production, while the client cannot take more. */
    void setAutoRead(boolean read) {
        if (backend != null) {
            backend.setAutoRead(read);
        }
    }

    /** Asks production to cancel what it is running for this session, if it runs anything. */
    void cancelRunning() {
        if (backend != null && !replies.isEmpty()) {
            context.cancelForwarder().cancel(client.channel().eventLoop(), backend.keyData());
        }
    }

    /** The connection closed under the session: it is discarded, never pooled again. */
    void lost() {
        BackendConnection gone = backend;
        backend = null;
        if (gone != null) {
            gone.detach();
            context.pool().discard(gone);
        }
    }

    /**
     * The session ended: the waiting messages are dropped, and the connection goes back to the pool
     * if it is idle, else is discarded, with what it runs cancelled: PostgreSQL notices a closed
     * socket only when it next writes, so a vanished client's long query would run on, holding its
     * locks.
     */
    void close() {
        closed = true;
        dropWaiting();
        if (backend == null) {
            return;
        }
        BackendConnection leaving = backend;
        backend = null;
        leaving.detach();
        if (replies.isEmpty() && replies.transactionStatus() == TransactionStatus.IDLE) {
            context.pool().release(leaving);
            return;
        }
        if (!replies.isEmpty()) {
            context.cancelForwarder().cancel(client.channel().eventLoop(), leaving.keyData());
        }
        context.pool().discard(leaving);
    }

    private void dropWaiting() {
        waiting.forEach(message -> message.bytes().release());
        waiting.clear();
    }

    private void attach() {
        attaching = true;
        context.pool().acquire(client.channel().eventLoop()).whenComplete((acquired, failure) ->
                client.executor().execute(() -> onAttached(acquired, failure)));
    }

    private void onAttached(BackendConnection acquired, Throwable failure) {
        attaching = false;
        if (closed) {
            if (acquired != null) {
                context.pool().release(acquired);
            }
            return;
        }
        if (failure != null) {
            dropWaiting();
            session.onLinkFailed(failure instanceof PgException e ? e : PgException.error(
                    SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION, "Airlock cannot reach production right now"));
            return;
        }
        backend = acquired;
        backend.attach(session);
        String settings = parameters.settingsSql(backend.serverParameters());
        if (settings != null) {
            write(new Query(settings), Pending.forwarded(Pending.Kind.INTERNAL));
        }
        for (Waiting message : waiting) {
            replies.add(message.expectation());
            backend.write(message.bytes());
        }
        dirty = true;
        waiting.clear();
        session.onLinked();
    }
}
