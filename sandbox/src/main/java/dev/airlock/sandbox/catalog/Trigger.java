package dev.airlock.sandbox.catalog;

/** A user trigger ({@code pg_get_triggerdef}); {@code enabled} is O, D, R or A as in pg_trigger. */
public record Trigger(String name, String definition, String enabled, String comment) {
}
