package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.catalog.read.ServerView;
import dev.airlock.sandbox.ddl.RoleNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a database on the sandbox server is read so that it compares with production: roles the
 * mirror did not make (the server's own, task roles, the marker; predefined roles are kept) are hidden, stand-ins show under
 * the production name they play, and {@code alsoRenamed} adds names to show differently (a task's
 * role shows as the production change role, whose work it does).
 */
public final class SandboxRoles {
    private SandboxRoles() {
    }

    public static ServerView view(Connection connection, RoleNames standIns, Map<String, String> alsoRenamed)
            throws SQLException {
        Set<String> hidden = new HashSet<>();
        Map<String, Boolean> roles = RoleMirror.sandboxRoles(connection);
        roles.forEach((name, mirrored) -> {
            if (!mirrored && !name.startsWith("pg_")) {
                hidden.add(name);
            }
        });
        Map<String, String> renamed = new HashMap<>(alsoRenamed);
        standIns.standIns().forEach((production, standIn) -> renamed.put(standIn, production));
        return new ServerView(renamed, hidden, Set.of(Steward.SCHEMA), MirrorPolicy.OWN_ROLE_PREFIX, roles.keySet());
    }
}
