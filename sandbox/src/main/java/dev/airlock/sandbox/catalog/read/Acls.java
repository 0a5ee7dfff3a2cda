package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.Privileges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Access control lists as {@code aclexplode} gives them, folded per object into {@link AclEntry}
 * lists. A list equal to the object's built-in default is reported as null, so "never granted" and
 * "granted back to the default" read the same, as they behave the same.
 */
final class Acls {
    private final Map<ObjectRef, Map<String, Grants>> byObject = new HashMap<>();

    private record Grants(Set<String> privileges, Set<String> grantable) {
    }

    void add(ObjectRef object, String grantee, String privilege, boolean grantable) {
        Grants grants = byObject.computeIfAbsent(object, k -> new TreeMap<>())
                .computeIfAbsent(grantee, k -> new Grants(new TreeSet<>(), new TreeSet<>()));
        grants.privileges.add(privilege);
        if (grantable) {
            grants.grantable.add(privilege);
        }
    }

    /** The explicit entries of an object, or null when it has none (a NULL acl column). */
    List<AclEntry> explicit(ObjectRef object) {
        Map<String, Grants> grants = byObject.get(object);
        if (grants == null) {
            return null;
        }
        List<AclEntry> entries = new ArrayList<>();
        grants.forEach((grantee, g) -> entries.add(new AclEntry(grantee, List.copyOf(g.privileges), List.copyOf(g.grantable))));
        return entries;
    }

    /** The entries of an object, null when they equal the default for its kind and owner. */
    List<AclEntry> forObject(ObjectRef object, String owner, List<String> ownerPrivileges, boolean publicByDefault) {
        List<AclEntry> entries = explicit(object);
        if (entries == null || entries.equals(Privileges.defaultAcl(owner, ownerPrivileges, publicByDefault))) {
            return null;
        }
        return entries;
    }

    /** Renames grantees through the role view, merging entries that land on one name. */
    static List<AclEntry> renamed(Collection<AclEntry> entries, ServerView roles) {
        if (entries == null) {
            return null;
        }
        Map<String, Grants> merged = new TreeMap<>();
        for (AclEntry entry : entries) {
            String grantee = entry.grantee().equals(AclEntry.PUBLIC) ? AclEntry.PUBLIC : roles.name(entry.grantee());
            Grants grants = merged.computeIfAbsent(grantee, k -> new Grants(new TreeSet<>(), new TreeSet<>()));
            grants.privileges.addAll(entry.privileges());
            grants.grantable.addAll(entry.grantable());
        }
        List<AclEntry> result = new ArrayList<>();
        merged.forEach((grantee, g) -> result.add(new AclEntry(grantee, List.copyOf(g.privileges), List.copyOf(g.grantable))));
        return result;
    }
}
