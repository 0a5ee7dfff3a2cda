package dev.airlock.approver.policy;

import java.util.Locale;

/** The statement kinds a policy can name, as the gate classifies them. */
public enum StatementKind {
    READ,
    SESSION_SETTING,
    TRANSACTION_CONTROL,
    DML_CHANGE,
    DDL_CHANGE,
    DCL_CHANGE,
    FORBIDDEN;

    /** The name policies use: {@code read}, {@code dml_change}, ... */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
