package dev.airlock.sandbox.ddl;

/**
 * The order in which a mirror is built, as pg_dump orders a restore: objects other objects depend
 * on first, constraints and indexes once the tables exist, foreign keys after the keys they
 * reference. What still fails for a missing dependency is retried after the rest of the script.
 */
public enum Phase {
    SCHEMAS,
    EXTENSIONS,
    TYPES,
    SEQUENCES,
    FUNCTIONS,
    TABLES,
    PARTITIONS,
    SEQUENCE_OWNERSHIP,
    AGGREGATES_AND_OPERATORS,
    VIEWS,
    KEYS,
    INDEXES,
    INDEX_ATTACHMENTS,
    FOREIGN_KEYS,
    TRIGGERS_RULES_POLICIES,
    DEFAULT_PRIVILEGES
}
