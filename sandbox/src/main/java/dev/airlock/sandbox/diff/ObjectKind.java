package dev.airlock.sandbox.diff;

/** The kinds of object a schema diff reports, in the order changes are listed. */
public enum ObjectKind {
    ROLE,
    ROLE_MEMBERSHIP,
    SCHEMA,
    EXTENSION,
    TYPE,
    SEQUENCE,
    TABLE,
    COLUMN,
    CONSTRAINT,
    INDEX,
    TRIGGER,
    RULE,
    POLICY,
    VIEW,
    VIEW_COLUMN,
    FUNCTION,
    PROCEDURE,
    AGGREGATE,
    OPERATOR,
    DEFAULT_PRIVILEGES,
    UNMODELED_OBJECT
}
