package dev.airlock.proxy.session;

import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.BackendMessage;
import java.util.List;

/**
 * One response the client is owed, in order. Forwarded messages expect their answer from
 * production; {@link Kind#LOCAL} answers are Airlock's own and go out when they reach the head of
 * the queue. {@code replacement} marks a poison message: production's error for it is replaced by
 * Airlock's refusal. {@link Kind#INTERNAL} is Airlock's own query (session settings on attach),
 * whose answers the client never sees.
 */
record Pending(Kind kind, ErrorResponse replacement, List<BackendMessage> local, String statementName) {

    enum Kind {
        QUERY, PARSE, BIND, DESCRIBE, EXECUTE, CLOSE, SYNC, INTERNAL, LOCAL;

        /** Extended-protocol messages: after an error, production skips them until Sync. */
        boolean isExtended() {
            return this == PARSE || this == BIND || this == DESCRIBE || this == EXECUTE || this == CLOSE;
        }
    }

    static Pending forwarded(Kind kind) {
        return new Pending(kind, null, List.of(), null);
    }

    static Pending parse(String statementName) {
        return new Pending(Kind.PARSE, null, List.of(), statementName);
    }

    static Pending poison(Kind kind, ErrorResponse refusal) {
        return new Pending(kind, refusal, List.of(), null);
    }

    static Pending local(List<BackendMessage> messages) {
        return new Pending(Kind.LOCAL, null, List.copyOf(messages), null);
    }
}
