package dev.airlock.sandbox.catalog;

/** A cluster role with the attributes that decide what it may do (passwords are never read). */
public record Role(String name, boolean superuser, boolean inherit, boolean createRole, boolean createDb,
                   boolean login, boolean replication, boolean bypassRls, int connectionLimit,
                   String validUntil, String comment) {
}
