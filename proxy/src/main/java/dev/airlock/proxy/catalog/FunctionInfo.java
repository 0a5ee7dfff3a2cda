package dev.airlock.proxy.catalog;

/**
 * A function, procedure or aggregate from pg_proc. {@code builtIn} means created by initdb
 * (OID below 16384); {@code extension} is the owning extension's name, or null.
 */
public record FunctionInfo(long oid, String schema, String name, char volatility, char kind, int argumentCount,
        String language, String extension, boolean builtIn) {

    public String qualifiedName() {
        return schema + "." + name;
    }
}
