package dev.airlock.sandbox.catalog;

import java.util.List;

/** A domain; each constraint's definition is PostgreSQL's own ({@code pg_get_constraintdef}). */
public record DomainType(String schema, String name, String owner, String baseType, boolean notNull,
                         String defaultValue, String collation, List<DomainConstraint> constraints,
                         List<AclEntry> acl, String comment) implements UserType {
    public record DomainConstraint(String name, String definition) {
    }
}
