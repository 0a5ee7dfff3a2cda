package dev.airlock.sandbox.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.catalog.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveAccessTest {
    private static final Role OWNER = role("owner", true);
    private static final Role READER = role("reader", true);
    private static final Role ANALYST = role("analyst", true);
    private static final Role LOCKED = role("locked", false);

    @Test
    void aMembershipOpensWhatTheGrantedRoleHolds() {
        CatalogSnapshot before = snapshot(List.of(), List.of(new AclEntry("reader", List.of("SELECT"), List.of())), List.of());
        CatalogSnapshot after = snapshot(List.of(new RoleMembership("reader", "analyst", false)),
                List.of(new AclEntry("reader", List.of("SELECT"), List.of())), List.of());

        assertThat(EffectiveAccess.diff(before, after))
                .containsExactly(new AccessChange("analyst", "TABLE", "public.t", "SELECT", AccessChange.Change.GAINED,
                        "member of reader"));
    }

    @Test
    void aMemberWithoutInheritGainsNothing() {
        CatalogSnapshot before = snapshot(List.of(), List.of(new AclEntry("reader", List.of("SELECT"), List.of())), List.of());
        CatalogSnapshot after = snapshot(List.of(new RoleMembership("reader", "locked", false)),
                List.of(new AclEntry("reader", List.of("SELECT"), List.of())), List.of());

        assertThat(EffectiveAccess.diff(before, after)).isEmpty();
    }

    @Test
    void aRedundantGrantChangesNobodysAccess() {
        List<RoleMembership> memberships = List.of(new RoleMembership("reader", "analyst", false));
        CatalogSnapshot before = snapshot(memberships, List.of(new AclEntry("reader", List.of("SELECT"), List.of())), List.of());
        CatalogSnapshot after = snapshot(memberships, List.of(new AclEntry("reader", List.of("SELECT"), List.of()),
                new AclEntry("analyst", List.of("SELECT"), List.of())), List.of());

        assertThat(EffectiveAccess.diff(before, after)).isEmpty();
    }

    @Test
    void publicAndDefaultPrivilegesAreReportedAsSuch() {
        CatalogSnapshot before = snapshot(List.of(), null, List.of());
        CatalogSnapshot after = snapshot(List.of(), List.of(new AclEntry("PUBLIC", List.of("SELECT"), List.of()),
                        new AclEntry("owner", dev.airlock.sandbox.catalog.Privileges.TABLE, List.of())),
                List.of(new DefaultPrivilege("owner", "public", "TABLES",
                        List.of(new AclEntry("reader", List.of("SELECT"), List.of())))));

        assertThat(EffectiveAccess.diff(before, after)).extracting(c -> c.role() + " " + c.privilege() + " " + c.object())
                .containsExactlyInAnyOrder("PUBLIC SELECT public.t", "reader SELECT new TABLES created by owner in schema public");
    }

    @Test
    void anOwnershipChangeMovesEveryPrivilege() {
        CatalogSnapshot before = snapshot(List.of(), null, List.of());
        CatalogSnapshot after = withOwner("reader");

        assertThat(EffectiveAccess.diff(before, after)).filteredOn(c -> c.change() == AccessChange.Change.GAINED)
                .hasSize(7).allMatch(c -> c.role().equals("reader") && c.via().equals("owner"));
        assertThat(EffectiveAccess.diff(before, after)).filteredOn(c -> c.change() == AccessChange.Change.LOST)
                .hasSize(7).allMatch(c -> c.role().equals("owner"));
    }

    private static CatalogSnapshot snapshot(List<RoleMembership> memberships, List<AclEntry> acl,
                                            List<DefaultPrivilege> defaults) {
        return new CatalogSnapshot(List.of(OWNER, READER, ANALYST, LOCKED), memberships, List.of(), List.of(), List.of(),
                List.of(), List.of(table("owner", acl)), List.of(), List.of(), List.of(), defaults, List.of());
    }

    private static CatalogSnapshot withOwner(String owner) {
        return new CatalogSnapshot(List.of(OWNER, READER, ANALYST, LOCKED), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(table(owner, null)), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static Table table(String owner, List<AclEntry> acl) {
        return new Table("public", "t", false, owner, false, List.of(), null, null, null, List.of(), List.of(), false,
                false, "DEFAULT", List.of(), List.of(), List.of(), List.of(), List.of(), acl, null);
    }

    private static Role role(String name, boolean inherit) {
        return new Role(name, false, inherit, false, false, false, false, false, -1, null, null);
    }
}
