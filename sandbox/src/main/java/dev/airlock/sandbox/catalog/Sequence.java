package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * A sequence that is not an identity column's (those are part of their column). Its current value
 * is data, not schema, and is not read. {@code ownedBy} is the quoted {@code schema.table.column}.
 */
public record Sequence(String schema, String name, String owner, String dataType, long start, long increment,
                       long minValue, long maxValue, long cache, boolean cycle, String ownedBy,
                       List<AclEntry> acl, String comment) {
}
