package dev.airlock.sandbox.catalog;

import java.util.List;

public record RangeType(String schema, String name, String owner, String subtype, String subtypeOperatorClass,
                        String collation, String canonical, String subtypeDiff, String multirangeName,
                        List<AclEntry> acl, String comment) implements UserType {
}
