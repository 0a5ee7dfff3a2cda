package dev.airlock.sandbox.catalog;

/**
 * A table constraint: {@code type} is PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, EXCLUDE or TRIGGER;
 * {@code definition} is {@code pg_get_constraintdef}, which carries NOT VALID and DEFERRABLE.
 */
public record Constraint(String name, String type, String definition, boolean validated, String comment) {
}
