package dev.airlock.proxy.catalog;

import java.util.List;

/**
 * A table, view, materialized view, foreign table or sequence. For user views the definition
 * (pg_get_viewdef), for tables with row-level security the expressions of the policies that apply
 * to reads, and the expressions that planning an INSERT or UPDATE would evaluate (defaults and
 * generated columns), and whether rewrite rules other than a view's own exist.
 */
public record RelationInfo(long oid, String schema, String name, char kind, boolean rowSecurity, boolean builtIn,
        String viewDefinition, List<String> readPolicies, List<String> columnDefaults, boolean hasRules) {

    public RelationInfo {
        readPolicies = List.copyOf(readPolicies);
        columnDefaults = List.copyOf(columnDefaults);
    }

    public boolean isView() {
        return kind == 'v';
    }

    public boolean isForeignTable() {
        return kind == 'f';
    }

    public String qualifiedName() {
        return schema + "." + name;
    }
}
