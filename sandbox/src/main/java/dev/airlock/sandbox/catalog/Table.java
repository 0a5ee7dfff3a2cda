package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * A table (ordinary or partitioned) with everything that hangs off it. A partition names its
 * parent and bound; an inheritance child lists its parents in order. Definitions of constraints,
 * indexes, triggers and rules are PostgreSQL's own deparsed text, so two servers of one major
 * version print them identically. {@code replicaIdentity} is DEFAULT, NOTHING, FULL or
 * {@code USING INDEX name}.
 */
public record Table(String schema, String name, boolean partitioned, String owner, boolean unlogged,
                    List<Column> columns, String partitionKey, String partitionOf, String partitionBound,
                    List<String> inherits, List<String> options, boolean rowSecurity, boolean forceRowSecurity,
                    String replicaIdentity, List<Constraint> constraints, List<Index> indexes,
                    List<Trigger> triggers, List<Rule> rules, List<Policy> policies,
                    List<AclEntry> acl, String comment) {

    /** The same table without its columns and dependent objects, which are compared on their own. */
    public Table shallow() {
        return new Table(schema, name, partitioned, owner, unlogged, List.of(), partitionKey, partitionOf,
                partitionBound, inherits, options, rowSecurity, forceRowSecurity, replicaIdentity, List.of(),
                List.of(), List.of(), List.of(), List.of(), acl, comment);
    }
}
