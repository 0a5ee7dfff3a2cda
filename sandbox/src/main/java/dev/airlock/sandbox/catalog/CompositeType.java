package dev.airlock.sandbox.catalog;

import java.util.List;

public record CompositeType(String schema, String name, String owner, List<TypeAttribute> attributes,
                            List<AclEntry> acl, String comment) implements UserType {
    /** One attribute; {@code collation} is null when it is the type's default. */
    public record TypeAttribute(String name, String type, String collation) {
    }
}
