package dev.airlock.sandbox.catalog;

/** An installed extension; the objects it installed are represented by it and not listed apart. */
public record Extension(String name, String schema, String version) {
}
