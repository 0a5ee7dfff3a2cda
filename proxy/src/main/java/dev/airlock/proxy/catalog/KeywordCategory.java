package dev.airlock.proxy.catalog;

/** PostgreSQL's keyword categories, as pg_get_keywords() reports them. */
public enum KeywordCategory {
    /** Can be any name. */
    UNRESERVED,
    /** Can be a column name but not a function or type name; many are special syntax (COALESCE, EXTRACT...). */
    COLUMN_NAME,
    /** Can be a function or type name but not a column name (LEFT, RIGHT, ILIKE...). */
    TYPE_FUNCTION_NAME,
    /** Never a name unless quoted. */
    RESERVED;

    static KeywordCategory of(String catcode) {
        return switch (catcode) {
            case "R" -> RESERVED;
            case "C" -> COLUMN_NAME;
            case "T" -> TYPE_FUNCTION_NAME;
            default -> UNRESERVED;
        };
    }
}
