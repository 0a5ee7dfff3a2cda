package dev.airlock.approver.audit;

/** What an audit record is about. Stored by name; never rename a constant, add new ones instead. */
public enum AuditKind {
    CONNECTION,
    AUTHENTICATION,
    STATEMENT,
    DECISION,
    CHANGE_TRANSITION,
    APPROVAL,
    REPLAY,
    TASK,
    AGENT
}
