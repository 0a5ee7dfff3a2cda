package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.diff.SchemaDiff;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The round-trip check: snapshot(mirror) must equal snapshot(production) as the mirror promises to
 * reproduce it. That promise is production with the documented policy applied: roles NOLOGIN and
 * never SUPERUSER or CREATEROLE, no denied extension or predefined-role membership, no object of an
 * unmodelled kind (each of those is reported as a {@link MirrorGap}). Roles the sandbox server
 * holds for other productions are outside the comparison. Any difference returned is a defect.
 */
public final class MirrorOracle {
    private MirrorOracle() {
    }

    public static List<ObjectChange> differences(CatalogSnapshot production, CatalogSnapshot mirror) {
        return SchemaDiff.between(promised(production), restrictedRoles(mirror, production));
    }

    /** Production as the mirror promises to reproduce it. */
    public static CatalogSnapshot promised(CatalogSnapshot production) {
        List<Role> roles = production.roles().stream()
                .map(r -> new Role(r.name(), false, r.inherit(), false, r.createDb(), false, r.replication(),
                        r.bypassRls(), r.connectionLimit(), r.validUntil(), r.comment()))
                .toList();
        return new CatalogSnapshot(roles,
                production.memberships().stream()
                        .filter(m -> !MirrorPolicy.DENIED_PREDEFINED_ROLES.contains(m.role())).toList(),
                production.schemas(),
                production.extensions().stream()
                        .filter(e -> !MirrorPolicy.DENIED_EXTENSIONS.contains(e.name())).toList(),
                production.types(), production.sequences(), production.tables(), production.views(),
                production.routines(), production.operators(), production.defaultPrivileges(), List.of());
    }

    private static CatalogSnapshot restrictedRoles(CatalogSnapshot mirror, CatalogSnapshot production) {
        Set<String> names = production.roles().stream().map(Role::name).collect(Collectors.toSet());
        return new CatalogSnapshot(
                mirror.roles().stream().filter(r -> names.contains(r.name())).toList(),
                mirror.memberships().stream().filter(m -> names.contains(m.member())).toList(),
                mirror.schemas(), mirror.extensions(), mirror.types(), mirror.sequences(), mirror.tables(),
                mirror.views(), mirror.routines(), mirror.operators(), mirror.defaultPrivileges(), mirror.unmodeled());
    }
}
