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
 */
public record ServerView(Map<String, String> renamed, Set<String> hidden, Set<String> hiddenSchemas) {
    public static final ServerView AS_IS = new ServerView(Map.of(), Set.of(), Set.of());

    public ServerView {
        renamed = Map.copyOf(renamed);
        hidden = Set.copyOf(hidden);
        hiddenSchemas = Set.copyOf(hiddenSchemas);
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
        return !hidden.contains(serverName) && !serverName.startsWith("pg_");
    }
}
