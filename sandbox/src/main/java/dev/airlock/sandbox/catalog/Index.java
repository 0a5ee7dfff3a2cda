package dev.airlock.sandbox.catalog;

/**
 * An index ({@code pg_get_indexdef}). {@code constraint} names the constraint it backs: the
 * constraint creates it and its definition is the constraint's, so {@code definition} is null.
 * {@code parentIndex} is the partitioned index it is attached to.
 */
public record Index(String name, String definition, String constraint, String parentIndex, boolean valid,
                    String comment) {
}
