package dev.airlock.sandbox.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A type created with CREATE TYPE or CREATE DOMAIN (table row types are part of their table). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "typeKind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EnumType.class, name = "enum"),
    @JsonSubTypes.Type(value = CompositeType.class, name = "composite"),
    @JsonSubTypes.Type(value = DomainType.class, name = "domain"),
    @JsonSubTypes.Type(value = RangeType.class, name = "range")
})
public sealed interface UserType permits EnumType, CompositeType, DomainType, RangeType {
    String schema();

    String name();

    String owner();

    List<AclEntry> acl();

    String comment();
}
