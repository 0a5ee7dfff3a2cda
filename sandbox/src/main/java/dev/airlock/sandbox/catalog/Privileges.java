package dev.airlock.sandbox.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What an owner holds on each kind of object by default, and the built-in default ACL (owner
 * holds everything; PUBLIC may also execute functions and use types).
 */
public final class Privileges {
    public static final List<String> TABLE = List.of("DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE");
    public static final List<String> SEQUENCE = List.of("SELECT", "UPDATE", "USAGE");
    public static final List<String> SCHEMA = List.of("CREATE", "USAGE");
    public static final List<String> ROUTINE = List.of("EXECUTE");
    public static final List<String> TYPE = List.of("USAGE");

    private Privileges() {
    }

    public static List<AclEntry> defaultAcl(String owner, List<String> ownerPrivileges, boolean publicByDefault) {
        List<AclEntry> entries = new ArrayList<>();
        entries.add(new AclEntry(owner, ownerPrivileges, List.of()));
        if (publicByDefault) {
            entries.add(new AclEntry(AclEntry.PUBLIC, ownerPrivileges, List.of()));
        }
        entries.sort(java.util.Comparator.comparing(AclEntry::grantee));
        return List.copyOf(entries);
    }
}
