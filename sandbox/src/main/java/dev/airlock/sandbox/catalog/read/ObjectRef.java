package dev.airlock.sandbox.catalog.read;

/** A catalog row while a snapshot is assembled: the catalog's name (pg_class, pg_proc, ...) and OID. */
record ObjectRef(String catalog, long oid, int subId) {
    static ObjectRef of(String catalog, long oid) {
        return new ObjectRef(catalog, oid, 0);
    }
}
