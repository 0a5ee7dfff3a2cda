package dev.airlock.sandbox.sql;

import java.util.Set;

/**
 * Quoting of identifiers and literals the way PostgreSQL's {@code quote_ident} and
 * {@code quote_literal} do it, for DDL that Airlock renders itself. Literals assume
 * {@code standard_conforming_strings = on}, which every Airlock session sets.
 */
public final class Identifiers {
    /** PostgreSQL 15's keywords that are not UNRESERVED ({@code pg_get_keywords()}): these need quotes. */
    private static final Set<String> KEYWORDS = Set.of((
            "all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean"
            + " both case cast char character check coalesce collate collation column concurrently constraint"
            + " create cross current_catalog current_date current_role current_schema current_time"
            + " current_timestamp current_user dec decimal default deferrable desc distinct do else end except"
            + " exists extract false fetch float for foreign freeze from full grant greatest group grouping"
            + " having ilike in initially inner inout int integer intersect interval into is isnull join lateral"
            + " leading least left like limit localtime localtimestamp national natural nchar none normalize not"
            + " notnull null nullif numeric offset on only or order out outer overlaps overlay placing position"
            + " precision primary real references returning right row select session_user setof similar"
            + " smallint some substring symmetric table tablesample then time timestamp to trailing treat trim"
            + " true union unique user using values varchar variadic verbose when where window with"
            + " xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot"
            + " xmlserialize xmltable").split(" "));

    private Identifiers() {
    }

    public static String quote(String identifier) {
        if (plain(identifier) && !KEYWORDS.contains(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code [a-z_][a-z0-9_$]*}, checked without a regex: this runs for every name of every diff. */
    private static boolean plain(String identifier) {
        if (identifier.isEmpty()) {
            return false;
        }
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && ((c >= '0' && c <= '9') || c == '$'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
