package dev.airlock.sandbox.catalog;

import java.util.List;

/**
 * What one grantee holds on one object: privilege keywords (SELECT, USAGE, ...) sorted, and the
 * subset it may grant on. {@link #PUBLIC} stands for every role. Grantors are not modelled: two
 * grants of the same privilege by different grantors give the same access.
 */
public record AclEntry(String grantee, List<String> privileges, List<String> grantable) {
    public static final String PUBLIC = "PUBLIC";

    public AclEntry {
        privileges = List.copyOf(privileges);
        grantable = List.copyOf(grantable);
    }
}
