package dev.airlock.proxy.gate;

/** What calling a function means for a statement. Ordered from harmless to worst. */
public enum FunctionSafety {
    /** Known to read only. */
    SAFE,
    /** May write or is not known to be free of side effects: the statement is a change. */
    CHANGE,
    /** Reaches outside the database or the session (files, signals, replication...): refused everywhere. */
    FORBIDDEN;

    public FunctionSafety worst(FunctionSafety other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
