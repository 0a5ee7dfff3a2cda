package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.sql.Identifiers;
import java.util.Map;
import java.util.Set;

/**
 * What of the server being read a snapshot shows, and under which role names. Production is read
 * as it is ({@link #AS_IS}). A sandbox server also holds roles of its own (its administrator, the
 * task roles) and stand-ins for production roles whose names it could not take; there, stand-ins
 * and the task role are renamed to the production names they play, and the sandbox's own roles are
 * hidden from the role list and from memberships, and so is the schema holding Airlock's own
 * sandbox functions ({@code hiddenSchemas}). Predefined {@code pg_*} roles are never listed.
 *
 * <p>The server's own roles are those {@code hidden} when the view was made, and any role named
 * with {@code ownRolePrefix} that was not among the roles then ({@code known}) and is not renamed:
 * the roles Airlock creates on the sandbox server for tasks started since, which must neither show
 * in another task's snapshot nor be touched by its role statements.
 */
public record ServerView(Map<String, String> renamed, Set<String> hidden, Set<String> hiddenSchemas,
                         String ownRolePrefix, Set<String> known) {
    public static final ServerView AS_IS = new ServerView(Map.of(), Set.of(), Set.of(), "", Set.of());

    public ServerView {
        renamed = Map.copyOf(renamed);
        hidden = Set.copyOf(hidden);
        hiddenSchemas = Set.copyOf(hiddenSchemas);
        known = Set.copyOf(known);
    }

    /** Whether the role is the sandbox server's own (never production's). */
    public boolean isOwnRole(String serverName) {
        return hidden.contains(serverName) || !ownRolePrefix.isEmpty() && serverName.startsWith(ownRolePrefix)
                && !known.contains(serverName) && !renamed.containsKey(serverName);
    }

    /** The hidden schemas as extra items of a SQL {@code NOT IN} list (empty, or starting with a comma). */
    String hiddenSchemaList() {
        StringBuilder list = new StringBuilder();
        hiddenSchemas.stream().sorted().forEach(s -> list.append(", ").append(Identifiers.literal(s)));
        return list.toString();
    }

    /** The name to show for a role referenced by an object (owner, grantee, policy role). */
    public String name(String serverName) {
        return renamed.getOrDefault(serverName, serverName);
    }

    /** Whether the role itself and its memberships appear in the snapshot. */
    public boolean listed(String serverName) {
        return !isOwnRole(serverName) && !serverName.startsWith("pg_");
    }
}
