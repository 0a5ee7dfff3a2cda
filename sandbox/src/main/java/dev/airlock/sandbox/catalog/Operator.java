package dev.airlock.sandbox.catalog;

/** A user-defined operator; types and functions are written as PostgreSQL prints them. */
public record Operator(String schema, String name, String leftType, String rightType, String function,
                       String commutator, String negator, String restrict, String join, boolean hashes,
                       boolean merges, String owner, String comment) {
}
