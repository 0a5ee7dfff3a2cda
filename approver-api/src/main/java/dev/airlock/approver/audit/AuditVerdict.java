package dev.airlock.approver.audit;

/** What {@link AuditVerifier} found: an intact chain of {@code count} records, or the first bad one. */
public sealed interface AuditVerdict {
    /** Every record is where it was written, as it was written. */
    record Intact(long count) implements AuditVerdict {
    }

    /** The first record at which the chain breaks ({@code sequence}), what was done to it, and how that shows. */
    record Broken(long sequence, Damage damage, String reason) implements AuditVerdict {
    }

    /** The kinds of tampering the verifier tells apart. */
    enum Damage {
        /** A record's fields no longer match its hash, or its hash was rewritten. */
        EDITED,
        /** Records are missing: a gap in the sequence, or a record chains from one no longer there. */
        DELETED,
        /** A record that is not part of the chain sits in it. */
        INSERTED,
        /** Genuine records sit in another order than they were written in. */
        REORDERED
    }
}
