package dev.airlock.sandbox.diff;

/**
 * One object of a flattened snapshot. {@code state} is what is compared (a table without its
 * columns, a column, ...); {@code parent} is the table or view a child belongs to, for rendering.
 */
public record CatalogEntry(ObjectKey key, Object state, Object parent) {
}
