package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * A column in table order. {@code identity} is null, {@code "ALWAYS"} or {@code "BY DEFAULT"};
 * {@code generated} holds the expression of a stored generated column (its default is then null);
 * {@code collation} is null when it is the type's default.
 */
public record Column(String name, String type, boolean notNull, String defaultValue, String identity,
                     String generated, String collation, List<AclEntry> acl, String comment) {
}
