package dev.airlock.proxy.gate;

/** What a statement is, as far as the gate is concerned. */
public enum StatementKind {
    /** Proven read-only: relayed to production. */
    READ,
    /** An allowed SET, RESET, DISCARD or similar: relayed. */
    SESSION_SETTING,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT...: relayed. */
    TRANSACTION_CONTROL,
    /** Changes data, or is a query that could not be proven read-only. */
    DML_CHANGE,
    /** Changes the schema or runs maintenance. */
    DDL_CHANGE,
    /** Changes roles or privileges. */
    DCL_CHANGE,
    /** Refused on every path. */
    FORBIDDEN;

    public boolean isChange() {
        return this == DML_CHANGE || this == DDL_CHANGE || this == DCL_CHANGE;
    }

    public boolean isRelayed() {
        return this == READ || this == SESSION_SETTING || this == TRANSACTION_CONTROL;
    }
}
