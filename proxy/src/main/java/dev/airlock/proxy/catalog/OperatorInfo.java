package dev.airlock.proxy.catalog;

/** An operator from pg_operator and the OID of the function that implements it. */
public record OperatorInfo(long oid, String schema, String name, long functionOid) {
}
