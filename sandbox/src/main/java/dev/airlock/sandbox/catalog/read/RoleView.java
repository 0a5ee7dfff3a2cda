package dev.airlock.sandbox.catalog.read;

import java.util.Map;
import java.util.Set;

/**
 * How role names on the server being read map to the names a snapshot shows. Production is read
 * as it is ({@link #AS_IS}). A sandbox server also holds roles of its own (its administrator, the
 * task roles) and stand-ins for production roles whose names it could not take; there, stand-ins
 * and the task role are renamed to the production names they play, and the sandbox's own roles are
 * hidden from the role list and from memberships. Predefined {@code pg_*} roles are never listed.
 */
public record RoleView(Map<String, String> renamed, Set<String> hidden) {
    public static final RoleView AS_IS = new RoleView(Map.of(), Set.of());

    public RoleView {
        renamed = Map.copyOf(renamed);
        hidden = Set.copyOf(hidden);
    }

    /** The name to show for a role referenced by an object (owner, grantee, policy role). */
    public String name(String serverName) {
        return renamed.getOrDefault(serverName, serverName);
    }

    /** Whether the role itself and its memberships appear in the snapshot. */
    public boolean listed(String serverName) {
        return !hidden.contains(serverName) && !serverName.startsWith("pg_");
    }
}
