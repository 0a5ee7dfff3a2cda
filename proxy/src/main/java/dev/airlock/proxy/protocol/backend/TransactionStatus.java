package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;

/** The status byte of ReadyForQuery. */
public enum TransactionStatus {
    IDLE('I'),
    IN_TRANSACTION('T'),
    FAILED('E');

    private final byte code;

    TransactionStatus(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static TransactionStatus of(byte code) {
        for (TransactionStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw PgException.error(SqlState.PROTOCOL_VIOLATION, "unknown transaction status '" + (char) code + "'");
    }
}
