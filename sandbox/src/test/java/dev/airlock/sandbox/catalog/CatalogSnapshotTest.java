package dev.airlock.sandbox.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {
    private static final CatalogSnapshot SNAPSHOT = new CatalogSnapshot(
            List.of(new Role("app", false, true, false, false, true, false, false, -1, null, "the app")),
            List.of(), List.of(new Schema("public", "app", null, null)), List.of(new Extension("plpgsql", "pg_catalog", "1.0")),
            List.of(new EnumType("public", "mood", "app", List.of("sad", "ok"), null, null),
                    new DomainType("public", "pos", "app", "integer", true, null, null,
                            List.of(new DomainType.DomainConstraint("pos_check", "CHECK ((VALUE > 0))")), null, null)),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    @Test
    void canonicalJsonSortsKeysAndLeavesOutNulls() {
        assertThat(SNAPSHOT.canonicalJson())
                .startsWith("{\"defaultPrivileges\":[],\"extensions\":[{\"name\":\"plpgsql\"")
                .contains("{\"bypassRls\":false,\"comment\":\"the app\",\"connectionLimit\":-1,")
                .doesNotContain("null")
                .doesNotContain("\n");
    }

    @Test
    void theFingerprintIsTheSha256OfTheCanonicalJson() {
        assertThat(SNAPSHOT.fingerprint()).hasSize(64).isEqualTo(CatalogSnapshot.sha256(SNAPSHOT.canonicalJson()));
    }

    @Test
    void jsonReadsBackToAnEqualSnapshotWithTheSameFingerprint() {
        CatalogSnapshot read = CatalogSnapshot.fromJson(SNAPSHOT.canonicalJson());
        assertThat(read).isEqualTo(SNAPSHOT);
        assertThat(read.fingerprint()).isEqualTo(SNAPSHOT.fingerprint());
    }

    @Test
    void anyChangeMovesTheFingerprint() {
        CatalogSnapshot renamed = new CatalogSnapshot(SNAPSHOT.roles(), SNAPSHOT.memberships(),
                List.of(new Schema("public", "postgres", null, null)), SNAPSHOT.extensions(), SNAPSHOT.types(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(renamed.fingerprint()).isNotEqualTo(SNAPSHOT.fingerprint());
    }
}
