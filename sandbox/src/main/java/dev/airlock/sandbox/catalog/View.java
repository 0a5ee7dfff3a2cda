package dev.airlock.sandbox.catalog;

import java.util.List;

/** A view or materialized view ({@code pg_get_viewdef}) with its columns and dependent objects. */
public record View(String schema, String name, boolean materialized, String owner, String definition,
                   List<String> options, boolean populated, List<ViewColumn> columns, List<Index> indexes,
                   List<Trigger> triggers, List<Rule> rules, List<AclEntry> acl, String comment) {

    /** The same view without columns, indexes, triggers and rules, which are compared on their own. */
    public View shallow() {
        return new View(schema, name, materialized, owner, definition, options, populated, List.of(), List.of(),
                List.of(), List.of(), acl, comment);
    }

    /** A view column: its type follows from the query; default, privileges and comment are its own. */
    public record ViewColumn(String name, String type, String defaultValue, List<AclEntry> acl, String comment) {
    }
}
