package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * ALTER DEFAULT PRIVILEGES: what objects of {@code objectType} (TABLES, SEQUENCES, FUNCTIONS,
 * TYPES, SCHEMAS) that {@code role} creates, in {@code schema} or anywhere when it is null, grant.
 * For a schema the list adds to the built-in default; without one it replaces it.
 */
public record DefaultPrivilege(String role, String schema, String objectType, List<AclEntry> acl) {
}
