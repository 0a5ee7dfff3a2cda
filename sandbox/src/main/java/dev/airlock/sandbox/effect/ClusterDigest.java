package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.mirror.MirrorPolicy;
import dev.airlock.sandbox.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A digest of the cluster-wide state a task could touch: roles, memberships, role settings for
 * every database, and role comments, leaving out other tasks' own roles (created and dropped as tasks come and go).
 * If a change set moves it, the change set's transaction is rolled back whatever was asked: roles
 * are shared by every task on the server, so no task may keep a change to them.
 */
final class ClusterDigest {
    private ClusterDigest() {
    }

    static String of(Connection connection, String taskRole) throws SQLException {
        String others = "'" + MirrorPolicy.OWN_ROLE_PREFIX.replace("_", "\\_") + "task\\_%'";
        String own = Identifiers.literal(taskRole);
        String ownRoleFilter = "(r.rolname NOT LIKE " + others + " OR r.rolname = " + own + ")";
        String sql = "SELECT pg_catalog.md5("
                + "coalesce((SELECT pg_catalog.string_agg(r::text, ',' ORDER BY r.oid) FROM pg_catalog.pg_roles r"
                + " WHERE " + ownRoleFilter + "), '')"
                + " || coalesce((SELECT pg_catalog.string_agg(m::text, ',' ORDER BY m.roleid, m.member)"
                + " FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid = m.member"
                + " WHERE " + ownRoleFilter + "), '')"
                + " || coalesce((SELECT pg_catalog.string_agg(s::text, ',' ORDER BY s.setdatabase, s.setrole)"
                + " FROM pg_catalog.pg_db_role_setting s LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole"
                + " WHERE s.setdatabase = 0 AND (s.setrole = 0 OR " + ownRoleFilter + ")), '')"
                + " || coalesce((SELECT pg_catalog.string_agg(d::text, ',' ORDER BY d.objoid)"
                + " FROM pg_catalog.pg_shdescription d WHERE d.classoid = 'pg_catalog.pg_authid'::regclass), ''))";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
