package dev.airlock.sandbox.catalog;

/** A rewrite rule other than a view's own ({@code pg_get_ruledef}). */
public record Rule(String name, String definition, String comment) {
}
