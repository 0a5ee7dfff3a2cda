package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * A function, procedure or aggregate, identified by name and identity arguments. {@code definition}
 * is {@code pg_get_functiondef} (for aggregates, CREATE AGGREGATE rendered from pg_aggregate).
 * {@code securityDefiner} and {@code config} are repeated from it for lints.
 */
public record Routine(String schema, String name, String arguments, String kind, String owner, String language,
                      boolean securityDefiner, List<String> config, String definition,
                      List<AclEntry> acl, String comment) {
    public static final String FUNCTION = "FUNCTION";
    public static final String PROCEDURE = "PROCEDURE";
    public static final String AGGREGATE = "AGGREGATE";
}
