package dev.airlock.sandbox.ddl;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.Privileges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * GRANT and REVOKE statements that take an object from its built-in default ACL to the one in the
 * snapshot: everything is revoked from PUBLIC and the owner, then each entry is granted. A null
 * ACL is the default and needs nothing unless the object starts out different (the public schema
 * of a fresh database), which {@code reset} asks for.
 */
final class AclDdl {
    private AclDdl() {
    }

    /**
     * @param target  e.g. {@code TABLE public.film} or {@code FUNCTION public.f(integer)}
     * @param acl     the snapshot's ACL, null for the default
     * @param owner   the object's owner (already mapped to the server's name)
     * @param ownerPrivileges what the owner holds by default
     * @param publicDefault   whether PUBLIC holds ownerPrivileges by default
     */
    static List<String> grants(String target, List<AclEntry> acl, String owner, List<String> ownerPrivileges,
                               boolean publicDefault, boolean reset, UnaryOperator<String> roleName) {
        List<String> statements = new ArrayList<>();
        if (acl == null && !reset) {
            return statements;
        }
        List<AclEntry> entries = acl != null ? acl : Privileges.defaultAcl(owner, ownerPrivileges, publicDefault);
        statements.add("REVOKE ALL ON " + target + " FROM PUBLIC");
        statements.add("REVOKE ALL ON " + target + " FROM " + Names.role(owner));
        for (AclEntry entry : entries) {
            String grantee = entry.grantee().equals(AclEntry.PUBLIC) ? "PUBLIC" : Names.role(roleName.apply(entry.grantee()));
            List<String> plain = entry.privileges().stream().filter(p -> !entry.grantable().contains(p)).toList();
            if (!plain.isEmpty()) {
                statements.add("GRANT " + String.join(", ", plain) + " ON " + target + " TO " + grantee);
            }
            if (!entry.grantable().isEmpty()) {
                statements.add("GRANT " + String.join(", ", entry.grantable()) + " ON " + target + " TO " + grantee
                        + " WITH GRANT OPTION");
            }
        }
        return statements;
    }

    /** Column privileges: {@code GRANT SELECT (col) ON TABLE t TO role}; columns have no default entries. */
    static List<String> columnGrants(String table, String column, List<AclEntry> acl, UnaryOperator<String> roleName) {
        List<String> statements = new ArrayList<>();
        if (acl == null) {
            return statements;
        }
        for (AclEntry entry : acl) {
            String grantee = entry.grantee().equals(AclEntry.PUBLIC) ? "PUBLIC" : Names.role(roleName.apply(entry.grantee()));
            for (String privilege : entry.privileges()) {
                statements.add("GRANT " + privilege + " (" + column + ") ON TABLE " + table + " TO " + grantee
                        + (entry.grantable().contains(privilege) ? " WITH GRANT OPTION" : ""));
            }
        }
        return statements;
    }

}
