package dev.airlock.sandbox.catalog;

import java.util.List;

/** A namespace; {@code acl} is null while it holds the built-in default. */
public record Schema(String name, String owner, List<AclEntry> acl, String comment) {
}
