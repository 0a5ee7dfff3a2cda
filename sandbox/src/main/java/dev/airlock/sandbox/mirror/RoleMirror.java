package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.ddl.RoleNames;
import dev.airlock.sandbox.sql.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the sandbox server's roles in line with production's. Roles are cluster-wide, so this is
 * shared by every mirror on the server; the latest production snapshot wins. Each production role
 * becomes a NOLOGIN role without password, of the same name, marked as mirrored by membership in
 * {@link MirrorPolicy#MIRRORED_MARKER}. SUPERUSER and CREATEROLE are never given (reported as
 * gaps). Where the sandbox server already has a role of that name of its own (its bootstrap
 * superuser, typically {@code postgres}), a stand-in {@code airlock_sandbox_as_<name>} plays it
 * and snapshots of the sandbox show it under the production name. Memberships follow production,
 * except memberships in the predefined roles of {@link MirrorPolicy#DENIED_PREDEFINED_ROLES}.
 */
final class RoleMirror {
    private static final int NAME_LIMIT = 63;

    record Result(RoleNames names, List<MirrorGap> gaps) {
    }

    private RoleMirror() {
    }

    static Result reconcile(Connection admin, CatalogSnapshot production) throws SQLException {
        execute(admin, "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '"
                + MirrorPolicy.MIRRORED_MARKER + "') THEN CREATE ROLE " + MirrorPolicy.MIRRORED_MARKER
                + " NOLOGIN; END IF; END$$");
        Map<String, Boolean> existing = sandboxRoles(admin);
        Map<String, String> standIns = new HashMap<>();
        List<MirrorGap> gaps = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (Role role : production.roles()) {
            String target = role.name();
            if (existing.containsKey(target) && !existing.get(target)) {
                target = MirrorPolicy.STAND_IN_PREFIX + role.name();
                if (target.getBytes(StandardCharsets.UTF_8).length > NAME_LIMIT) {
                    gaps.add(new MirrorGap("role " + role.name(), "the sandbox server has a role of this name of its own"
                            + " and the name is too long for a stand-in; objects it owns cannot be mirrored"));
                    continue;
                }
                standIns.put(role.name(), target);
            }
            String quoted = Identifiers.quote(target);
            if (!existing.containsKey(target)) {
                script.append("CREATE ROLE ").append(quoted).append(" NOLOGIN;\n");
                script.append("GRANT ").append(MirrorPolicy.MIRRORED_MARKER).append(" TO ").append(quoted).append(";\n");
            }
            script.append("ALTER ROLE ").append(quoted).append(attributes(role)).append(";\n");
            script.append("COMMENT ON ROLE ").append(quoted).append(" IS ")
                    .append(role.comment() == null ? "NULL" : Identifiers.literal(role.comment())).append(";\n");
            if (role.superuser()) {
                gaps.add(new MirrorGap("role " + role.name(), "SUPERUSER is not mirrored: a sandbox task must never"
                        + " reach superuser"));
            }
            if (role.createRole()) {
                gaps.add(new MirrorGap("role " + role.name(), "CREATEROLE is not mirrored: on PostgreSQL 15 it lets a"
                        + " role grant itself server-program and server-file access"));
            }
        }
        execute(admin, script.toString());
        RoleNames names = new RoleNames(standIns);
        gaps.addAll(reconcileMemberships(admin, production, names));
        return new Result(names, gaps);
    }

    private static String attributes(Role role) {
        return " NOSUPERUSER NOCREATEROLE NOLOGIN PASSWORD NULL"
                + (role.inherit() ? " INHERIT" : " NOINHERIT")
                + (role.createDb() ? " CREATEDB" : " NOCREATEDB")
                + (role.replication() ? " REPLICATION" : " NOREPLICATION")
                + (role.bypassRls() ? " BYPASSRLS" : " NOBYPASSRLS")
                + " CONNECTION LIMIT " + role.connectionLimit()
                + (role.validUntil() == null ? "" : " VALID UNTIL " + Identifiers.literal(role.validUntil()));
    }

    private static List<MirrorGap> reconcileMemberships(Connection admin, CatalogSnapshot production, RoleNames names)
            throws SQLException {
        List<MirrorGap> gaps = new ArrayList<>();
        Set<String> mirrored = new HashSet<>();
        sandboxRoles(admin).forEach((name, isMirrored) -> {
            if (isMirrored) {
                mirrored.add(name);
            }
        });
        Map<String, Boolean> wanted = new HashMap<>();
        for (RoleMembership membership : production.memberships()) {
            if (MirrorPolicy.DENIED_PREDEFINED_ROLES.contains(membership.role())) {
                gaps.add(new MirrorGap("membership of " + membership.member() + " in " + membership.role(),
                        "not mirrored: it would let a sandbox task reach server files or programs or other sessions"));
                continue;
            }
            String role = names.apply(membership.role());
            String member = names.apply(membership.member());
            if (mirrored.contains(member) && (mirrored.contains(role) || role.startsWith("pg_"))) {
                wanted.put(role + "\u0000" + member, membership.adminOption());
            }
        }
        StringBuilder script = new StringBuilder();
        Set<String> present = new HashSet<>();
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT r.rolname, m.rolname, am.admin_option"
                     + " FROM pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles r ON r.oid = am.roleid"
                     + " JOIN pg_catalog.pg_roles m ON m.oid = am.member")) {
            while (rows.next()) {
                String role = rows.getString(1);
                String member = rows.getString(2);
                if (!mirrored.contains(member) || role.equals(MirrorPolicy.MIRRORED_MARKER)) {
                    continue;
                }
                Boolean wantedAdminOption = wanted.get(role + "\u0000" + member);
                if (wantedAdminOption != null && wantedAdminOption == rows.getBoolean(3)) {
                    present.add(role + "\u0000" + member);
                } else {
                    script.append("REVOKE ").append(Identifiers.quote(role)).append(" FROM ")
                            .append(Identifiers.quote(member)).append(";\n");
                }
            }
        }
        wanted.forEach((pair, adminOption) -> {
            if (!present.contains(pair)) {
                String[] roleAndMember = pair.split("\u0000");
                script.append("GRANT ").append(Identifiers.quote(roleAndMember[0])).append(" TO ")
                        .append(Identifiers.quote(roleAndMember[1])).append(adminOption ? " WITH ADMIN OPTION" : "").append(";\n");
            }
        });
        execute(admin, script.toString());
        return gaps;
    }

    /** Role names on the sandbox server, each with whether the mirror made it. */
    static Map<String, Boolean> sandboxRoles(Connection admin) throws SQLException {
        Map<String, Boolean> roles = new HashMap<>();
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT r.rolname, EXISTS (SELECT FROM pg_catalog.pg_auth_members m"
                     + " JOIN pg_catalog.pg_roles k ON k.oid = m.roleid WHERE m.member = r.oid AND k.rolname = '"
                     + MirrorPolicy.MIRRORED_MARKER + "') FROM pg_catalog.pg_roles r")) {
            while (rows.next()) {
                roles.put(rows.getString(1), rows.getBoolean(2));
            }
        }
        return roles;
    }

    private static void execute(Connection admin, String sql) throws SQLException {
        if (sql.isBlank()) {
            return;
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
