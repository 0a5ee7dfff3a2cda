package dev.airlock.proxy.session;

import dev.airlock.proxy.backend.ServerMessages;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * The replies one client is owed, in the order its messages went out ({@link Pending}), and what
 * each message production sends does to them: which entry it settles, whether the client sees
 * it (the answers to Airlock's own settings query are dropped; a poison statement's error becomes
 * Airlock's refusal), and production's transaction status. Airlock's local answers queued behind
 * a relayed message go out as soon as that message is settled. A message production should not
 * have sent at this point means Airlock no longer knows which reply is which, and ends the
 * session (08P01) rather than guess.
 */
final class ProductionReplies {
    /** What the session does with the messages that concern more than the replies. */
    interface Session {
        /** Production reports a parameter; bytes [start, end) of the batch are the report. */
        void onParameterStatus(ByteBuf body, int start, int end, RelayOutput out);

        /** Production asks for COPY data, which a read-only session never sends. */
        void onCopyIn(RelayOutput out);

        /** One of Airlock's own queries (the session's parameters, given on attach) has succeeded. */
        void onInternalQueryDone();
    }

    private final ArrayDeque<Pending> owed = new ArrayDeque<>();
    private final SessionGateState gateState;
    private final Session session;
    /** Written on the session's event loop; volatile because admins read it from the API's threads (task sessions). */
    private volatile TransactionStatus transactionStatus = TransactionStatus.IDLE;

    ProductionReplies(SessionGateState gateState, Session session) {
        this.gateState = gateState;
        this.session = session;
    }

    /** The client is owed {@code reply} after every reply owed so far. */
    void add(Pending reply) {
        owed.add(reply);
    }

    /** Whether nothing is owed: production is idle for this client and local answers may go out at once. */
    boolean isEmpty() {
        return owed.isEmpty();
    }

    /** Production's transaction status at its last ReadyForQuery. */
    TransactionStatus transactionStatus() {
        return transactionStatus;
    }

    /** Acts on message {@code i}; returns a reason when production has ended the session. */
    String relay(ServerMessages messages, int i, RelayOutput out) {
        Pending head = owed.peek();
        byte type = messages.type(i);
        int start = messages.start(i);
        int end = messages.end(i);
        switch (type) {
            case BackendType.PARAMETER_STATUS -> session.onParameterStatus(messages.body(i), start, end, out);
            case BackendType.NOTICE_RESPONSE, BackendType.NOTIFICATION_RESPONSE -> keepUnlessInternal(head, start, end, out);
            case BackendType.ERROR_RESPONSE -> {
                return onError(ErrorResponse.decode(messages.body(i)), head, start, end, out);
            }
            case BackendType.READY_FOR_QUERY -> {
                Pending done = expect(head, type, Pending.Kind.SYNC, Pending.Kind.QUERY, Pending.Kind.INTERNAL);
                owed.poll();
                transactionStatus = TransactionStatus.of(messages.content().getByte(start + 5));
                keepUnlessInternal(done, start, end, out);
                if (done.kind() == Pending.Kind.INTERNAL) {
                    session.onInternalQueryDone();
                }
            }
            case BackendType.PARSE_COMPLETE -> complete(head, type, Pending.Kind.PARSE, start, end, out);
            case BackendType.BIND_COMPLETE -> complete(head, type, Pending.Kind.BIND, start, end, out);
            case BackendType.CLOSE_COMPLETE -> complete(head, type, Pending.Kind.CLOSE, start, end, out);
            case BackendType.NO_DATA -> complete(head, type, Pending.Kind.DESCRIBE, start, end, out);
            case BackendType.ROW_DESCRIPTION -> {
                if (expect(head, type, Pending.Kind.DESCRIBE, Pending.Kind.QUERY).kind() == Pending.Kind.DESCRIBE) {
                    owed.poll();
                }
                out.keep(start, end);
            }
            case BackendType.PARAMETER_DESCRIPTION -> {
                expect(head, type, Pending.Kind.DESCRIBE);
                out.keep(start, end);
            }
            case BackendType.COMMAND_COMPLETE, BackendType.EMPTY_QUERY_RESPONSE, BackendType.PORTAL_SUSPENDED -> {
                if (expect(head, type, Pending.Kind.EXECUTE, Pending.Kind.QUERY, Pending.Kind.INTERNAL).kind() == Pending.Kind.EXECUTE) {
                    owed.poll();
                }
                keepUnlessInternal(head, start, end, out);
            }
            case BackendType.DATA_ROW, BackendType.COPY_DATA, BackendType.COPY_DONE, BackendType.COPY_OUT_RESPONSE -> {
                expect(head, type, Pending.Kind.EXECUTE, Pending.Kind.QUERY);
                out.keep(start, end);
            }
            case BackendType.COPY_IN_RESPONSE -> session.onCopyIn(out);
            default -> throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                    "production sent an unexpected message of type " + (char) type);
        }
        return null;
    }

    /** Writes the local answers that are now at the head of the queue. */
    void drainLocal(RelayOutput out) {
        while (!owed.isEmpty() && owed.peek().kind() == Pending.Kind.LOCAL) {
            owed.poll().local().forEach(out::emit);
        }
    }

    private void complete(Pending head, byte type, Pending.Kind kind, int start, int end, RelayOutput out) {
        expect(head, type, kind);
        owed.poll();
        out.keep(start, end);
    }

    private static Pending expect(Pending head, byte type, Pending.Kind... kinds) {
        if (head != null) {
            for (Pending.Kind kind : kinds) {
                if (head.kind() == kind) {
                    return head;
                }
            }
        }
        throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "Airlock lost track of the protocol: production sent '"
                + (char) type + "' while " + (head == null ? "nothing" : head.kind()) + " was expected");
    }

    private static void keepUnlessInternal(Pending head, int start, int end, RelayOutput out) {
        if (head != null && head.kind() == Pending.Kind.INTERNAL) {
            out.drop();
        } else {
            out.keep(start, end);
        }
    }

    private String onError(ErrorResponse error, Pending head, int start, int end, RelayOutput out) {
        if (head == null || error.isFatal()) {
            out.keep(start, end);
            return "production ended the session: " + error.sqlState() + " " + error.message();
        }
        if (head.kind() == Pending.Kind.INTERNAL) {
            throw PgException.fatal(SqlState.INVALID_PARAMETER_VALUE, "production refused a start-up parameter: "
                    + error.message());
        }
        if (head.replacement() != null) {
            out.emit(head.replacement());
        } else {
            out.keep(start, end);
        }
        if (head.kind().isExtended()) {
            if (head.kind() == Pending.Kind.PARSE && head.statementName() != null) {
                gateState.deallocate(head.statementName());
            }
            while (!owed.isEmpty() && owed.peek().kind() != Pending.Kind.SYNC) {
                owed.poll();
            }
        }
        return null;
    }
}
