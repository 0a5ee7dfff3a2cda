package dev.airlock.proxy.protocol.frontend;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;

/** What a Describe or Close names: a prepared statement ('S') or a portal ('P'). */
public enum DescribeTarget {
    STATEMENT('S'),
    PORTAL('P');

    private final byte code;

    DescribeTarget(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static DescribeTarget of(byte code) {
        return switch (code) {
            case 'S' -> STATEMENT;
            case 'P' -> PORTAL;
            default -> throw PgException.error(SqlState.PROTOCOL_VIOLATION,
                    "invalid DESCRIBE or CLOSE message subtype " + code);
        };
    }
}
