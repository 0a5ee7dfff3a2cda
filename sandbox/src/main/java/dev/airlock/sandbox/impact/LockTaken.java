package dev.airlock.sandbox.impact;

/**
 * A relation lock a statement took: {@code statement} is its 1-based index in the change set,
 * {@code mode} PostgreSQL's lock mode name (AccessExclusiveLock, ...). {@code measured} is false
 * for statements run outside a transaction, whose locks are the documented ones; {@code newRelation}
 * when the change set itself created the relation (nobody else can be waiting for it).
 */
public record LockTaken(int statement, String relation, String relationKind, String mode, boolean newRelation,
                        boolean measured) {
}
