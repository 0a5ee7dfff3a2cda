package dev.airlock.sandbox.access;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.UserType;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Who can do what, as PostgreSQL decides it: for every role of a snapshot (and PUBLIC), each
 * privilege it holds on each object, through a direct grant, ownership, membership in a role it
 * inherits from (every member on the path must have INHERIT), or the predefined roles
 * pg_read_all_data and pg_write_all_data; plus what default privileges will give it on objects
 * created later. The privilege diff of an effect is the difference of two such maps, so a grant
 * that changes nothing anybody can do reports nothing, and a membership reports everything it
 * opens. Access held through PUBLIC is reported once, for PUBLIC.
 */
public final class EffectiveAccess {
    private static final String READ_ALL = "pg_read_all_data";
    private static final String WRITE_ALL = "pg_write_all_data";

    /** One (role, object, privilege); the map value says through what it is held. */
    record Key(String role, String objectKind, String object, String privilege) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            return java.util.Comparator.comparing(Key::role).thenComparing(Key::objectKind)
                    .thenComparing(Key::object).thenComparing(Key::privilege).compare(this, other);
        }
    }

    private final Map<String, Map<String, String>> inheritors = new HashMap<>();
    private final Map<Key, String> access = new HashMap<>();
    private final Predicate<String> relevant;

    private EffectiveAccess(CatalogSnapshot snapshot, Predicate<String> relevant) {
        this.relevant = relevant;
        computeInheritors(snapshot.roles(), snapshot.memberships());
        snapshot.schemas().forEach(s -> object("SCHEMA", Identifiers.quote(s.name()), s.owner(), s.acl(),
                Privileges.SCHEMA, false, "USAGE", null));
        for (Table table : snapshot.tables()) {
            String name = Identifiers.qualified(table.schema(), table.name());
            if (!relevant.test(name)) {
                continue;
            }
            object("TABLE", name, table.owner(), table.acl(), Privileges.TABLE, false, "SELECT", "INSERT UPDATE DELETE");
            for (Column column : table.columns()) {
                if (column.acl() != null) {
                    grants("COLUMN", name + "." + Identifiers.quote(column.name()), column.acl(), null);
                }
            }
        }
        for (View view : snapshot.views()) {
            String name = Identifiers.qualified(view.schema(), view.name());
            if (!relevant.test(name)) {
                continue;
            }
            object("VIEW", name, view.owner(), view.acl(), Privileges.TABLE, false, "SELECT", "INSERT UPDATE DELETE");
            view.columns().stream().filter(c -> c.acl() != null)
                    .forEach(c -> grants("COLUMN", name + "." + Identifiers.quote(c.name()), c.acl(), null));
        }
        for (Sequence sequence : snapshot.sequences()) {
            object("SEQUENCE", Identifiers.qualified(sequence.schema(), sequence.name()), sequence.owner(),
                    sequence.acl(), Privileges.SEQUENCE, false, "SELECT", "UPDATE");
        }
        for (Routine routine : snapshot.routines()) {
            object(routine.kind(), Identifiers.qualified(routine.schema(), routine.name()) + "(" + routine.arguments() + ")",
                    routine.owner(), routine.acl(), Privileges.ROUTINE, true, null, null);
        }
        for (UserType type : snapshot.types()) {
            object("TYPE", Identifiers.qualified(type.schema(), type.name()), type.owner(), type.acl(), Privileges.TYPE,
                    true, null, null);
        }
        for (DefaultPrivilege defaults : snapshot.defaultPrivileges()) {
            grants("DEFAULT PRIVILEGES", "new " + defaults.objectType() + " created by " + defaults.role()
                    + (defaults.schema() == null ? "" : " in schema " + defaults.schema()), defaults.acl(), null);
        }
    }

    /**
     * The access gained and lost. While roles and memberships stay as they are, only objects whose
     * records changed can change anybody's access, so only those are evaluated.
     */
    public static List<AccessChange> diff(CatalogSnapshot before, CatalogSnapshot after) {
        Predicate<String> relevant = before.roles().equals(after.roles()) && before.memberships().equals(after.memberships())
                ? changedObjects(before, after)::contains : name -> true;
        Map<Key, String> old = new EffectiveAccess(before, relevant).access;
        Map<Key, String> now = new EffectiveAccess(after, relevant).access;
        List<AccessChange> changes = new ArrayList<>();
        now.forEach((key, via) -> {
            if (!old.containsKey(key)) {
                changes.add(change(key, AccessChange.Change.GAINED, via));
            }
        });
        old.forEach((key, via) -> {
            if (!now.containsKey(key)) {
                changes.add(change(key, AccessChange.Change.LOST, via));
            }
        });
        changes.sort(java.util.Comparator.comparing((AccessChange c) -> new Key(c.role(), c.objectKind(), c.object(),
                c.privilege())).thenComparing(AccessChange::change));
        return changes;
    }

    /** Names of schemas, relations, sequences, routines and types that differ between the snapshots. */
    private static Set<String> changedObjects(CatalogSnapshot before, CatalogSnapshot after) {
        Map<String, Object> old = named(before);
        Map<String, Object> now = named(after);
        Set<String> changed = new java.util.HashSet<>();
        old.forEach((name, object) -> {
            if (!object.equals(now.get(name))) {
                changed.add(name);
            }
        });
        now.keySet().stream().filter(name -> !old.containsKey(name)).forEach(changed::add);
        return changed;
    }

    private static Map<String, Object> named(CatalogSnapshot snapshot) {
        Map<String, Object> named = new HashMap<>();
        snapshot.schemas().forEach(s -> named.put(Identifiers.quote(s.name()), s));
        snapshot.tables().forEach(t -> named.put(Identifiers.qualified(t.schema(), t.name()), t));
        snapshot.views().forEach(v -> named.put(Identifiers.qualified(v.schema(), v.name()), v));
        snapshot.sequences().forEach(s -> named.put(Identifiers.qualified(s.schema(), s.name()), s));
        snapshot.routines().forEach(r -> named.put(Identifiers.qualified(r.schema(), r.name()) + "(" + r.arguments() + ")", r));
        snapshot.types().forEach(t -> named.put(Identifiers.qualified(t.schema(), t.name()), t));
        return named;
    }

    private static AccessChange change(Key key, AccessChange.Change change, String via) {
        return new AccessChange(key.role(), key.objectKind(), key.object(), key.privilege(), change, via);
    }

    /** For each role G, every role that holds G's privileges and how: itself, or "member of G". */
    private void computeInheritors(List<Role> roles, List<RoleMembership> memberships) {
        Map<String, Boolean> inherit = new HashMap<>();
        roles.forEach(r -> inherit.put(r.name(), r.inherit()));
        Map<String, List<String>> membersOf = new HashMap<>();
        memberships.forEach(m -> membersOf.computeIfAbsent(m.role(), k -> new ArrayList<>()).add(m.member()));
        Set<String> granted = new java.util.HashSet<>(inherit.keySet());
        memberships.forEach(m -> granted.add(m.role()));
        for (String role : granted) {
            Map<String, String> holders = new TreeMap<>();
            if (inherit.containsKey(role)) {
                holders.put(role, "direct");
            }
            Deque<String> queue = new ArrayDeque<>(List.of(role));
            while (!queue.isEmpty()) {
                String current = queue.poll();
                for (String member : membersOf.getOrDefault(current, List.of())) {
                    if (inherit.getOrDefault(member, false) && !holders.containsKey(member)) {
                        holders.put(member, "member of " + role);
                        queue.add(member);
                    }
                }
            }
            inheritors.put(role, holders);
        }
    }

    private void object(String kind, String name, String owner, List<AclEntry> acl, List<String> ownerPrivileges,
                        boolean publicDefault, String readAll, String writeAll) {
        if (!relevant.test(name)) {
            return;
        }
        List<AclEntry> entries = acl != null ? acl : Privileges.defaultAcl(owner, ownerPrivileges, publicDefault);
        grants(kind, name, entries, owner);
        predefined(READ_ALL, kind, name, readAll);
        predefined(WRITE_ALL, kind, name, writeAll);
    }

    private void predefined(String predefinedRole, String kind, String name, String privileges) {
        if (privileges == null) {
            return;
        }
        for (String privilege : privileges.split(" ")) {
            inheritors.getOrDefault(predefinedRole, Map.of()).forEach((role, via) ->
                    access.putIfAbsent(new Key(role, kind, name, privilege), "member of " + predefinedRole));
        }
    }

    /** Adds what each entry gives to its grantee and to every role inheriting from it; owner entries say so. */
    private void grants(String kind, String name, List<AclEntry> entries, String owner) {
        for (AclEntry entry : entries) {
            for (String privilege : entry.privileges()) {
                if (entry.grantee().equals(AclEntry.PUBLIC)) {
                    access.putIfAbsent(new Key(AclEntry.PUBLIC, kind, name, privilege), "grant to PUBLIC");
                    continue;
                }
                boolean owns = entry.grantee().equals(owner);
                inheritors.getOrDefault(entry.grantee(), Map.of(entry.grantee(), "direct")).forEach((role, via) ->
                        access.putIfAbsent(new Key(role, kind, name, privilege), via.equals("direct")
                                ? (owns ? "owner" : "direct grant")
                                : (owns ? "member of owner " + owner : via)));
            }
        }
    }
}
