package dev.airlock.sandbox.diff;

/**
 * One object added, removed or changed: its state before and after (null where it did not exist),
 * the table or view it belongs to (for columns, constraints, indexes, ...), and the DDL of each
 * side with a unified diff between them for a reader.
 */
public record ObjectChange(ObjectKind kind, String identity, String parent, Change change, Object before, Object after,
                           String ddlBefore, String ddlAfter, String ddlDiff) {
    public enum Change { ADDED, REMOVED, CHANGED }

    public ObjectKey key() {
        return new ObjectKey(kind, identity);
    }
}
