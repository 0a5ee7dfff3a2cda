package dev.airlock.sandbox.catalog;

import java.util.List;

public record EnumType(String schema, String name, String owner, List<String> labels,
                       List<AclEntry> acl, String comment) implements UserType {
}
