package dev.airlock.sandbox.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.bench.SchemaGenerator;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.server.SandboxConnections;
import dev.airlock.sandbox.server.SandboxSettings;
import dev.airlock.sandbox.support.SharedServers;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The round-trip oracle: snapshot(production) equals snapshot(mirror) on real schemas. */
@ExtendWith(SharedServers.class)
class MirrorRoundTripIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SandboxConnections connections =
            new SandboxConnections(SandboxSettings.embedded(SharedServers.sandbox(), "postgres"));

    @Test
    void pagilaMirrorsWithZeroDifference() throws Exception {
        Mirror mirror = assertRoundTrip(SharedServers.PAGILA);
        assertThat(schemaGaps(mirror)).isEmpty();
        assertThat(mirror.gaps()).extracting(MirrorGap::object).contains("role postgres");
    }

    @Test
    void gitlabMirrorsWithZeroDifference() throws Exception {
        Mirror mirror = assertRoundTrip(SharedServers.GITLAB);
        assertThat(schemaGaps(mirror)).isEmpty();
    }

    /** Gaps other than the cluster's roles (which the shared test server accumulates). */
    private static List<MirrorGap> schemaGaps(Mirror mirror) {
        return mirror.gaps().stream()
                .filter(g -> !g.object().startsWith("role ") && !g.object().startsWith("membership "))
                .toList();
    }

    @Test
    void bypassFixturesMirrorWithoutTheirEscapeRoutesAndSayWhich() throws Exception {
        Mirror mirror = assertRoundTrip(SharedServers.FIXTURES);
        assertThat(mirror.gaps()).extracting(MirrorGap::object)
                .contains("extension dblink", "extension adminpack");
    }

    @Test
    void everyModelledKindOfObjectMirrorsWithZeroDifference() throws Exception {
        Mirror mirror = assertRoundTrip(SharedServers.ZOO);
        assertThat(mirror.gaps()).extracting(MirrorGap::object).contains(
                "membership of zoo_auditor in pg_read_all_stats", "collation zoo.german",
                "cast (zoo.point3 AS pg_catalog.text)");
    }

    @Test
    void aGeneratedSchemaMirrorsWithZeroDifferenceAndOldTemplatesCanBePruned() throws Exception {
        SharedServers.production().execute("postgres", "CREATE DATABASE generated");
        SharedServers.production().execute("generated", SchemaGenerator.generate(120));
        CatalogSnapshot production = productionSnapshot("generated");
        dev.airlock.sandbox.Sandbox sandbox = new dev.airlock.sandbox.Sandbox(
                SandboxSettings.embedded(SharedServers.sandbox(), "postgres"));
        try {
            assertThat(sandbox.verifyMirror(production)).isEmpty();
            SharedServers.production().execute("generated", "ALTER TABLE s0.t7 ADD COLUMN extra int");
            CatalogSnapshot changed = productionSnapshot("generated");
            Mirror rebuilt = sandbox.ensureMirror(changed);
            assertThat(rebuilt.database()).isNotEqualTo(MirrorBuilder.databaseName(production.fingerprint()));
            assertThat(sandbox.pruneMirrors(List.of(changed.fingerprint())))
                    .contains(MirrorBuilder.databaseName(production.fingerprint()))
                    .doesNotContain(rebuilt.database());
        } finally {
            sandbox.close();
        }
    }

    @Test
    void ensuringTheSameFingerprintAgainReusesTheTemplate() throws Exception {
        SharedServers.ensureLoaded(SharedServers.PAGILA);
        CatalogSnapshot production = productionSnapshot(SharedServers.PAGILA);
        MirrorBuilder builder = new MirrorBuilder(connections);
        Mirror first = builder.ensure(production);
        Mirror second = builder.ensure(production);
        assertThat(second).isEqualTo(first);
    }

    private Mirror assertRoundTrip(String database) throws Exception {
        SharedServers.ensureLoaded(database);
        CatalogSnapshot production = productionSnapshot(database);
        Mirror mirror = new MirrorBuilder(connections).ensure(production);
        CatalogSnapshot mirrored;
        try (Connection connection = connections.admin(mirror.database())) {
            mirrored = new CatalogReader(SandboxRoles.view(connection, mirror.roles(), Map.of()), TIMEOUT).read(connection);
        }
        List<ObjectChange> differences = MirrorOracle.differences(production, mirrored);
        assertThat(differences)
                .as(() -> "mirror of " + database + " differs:\n" + differences.stream()
                        .map(c -> c.change() + " " + c.key() + "\n" + c.ddlDiff()).collect(Collectors.joining("\n"))
                        + "\ngaps: " + mirror.gaps())
                .isEmpty();
        assertThat(mirror.fingerprint()).isEqualTo(production.fingerprint());
        return mirror;
    }

    private static CatalogSnapshot productionSnapshot(String database) throws Exception {
        try (Connection readOnly = SharedServers.productionReadOnly(database)) {
            return CatalogReader.readAsIs(readOnly, TIMEOUT);
        }
    }
}
