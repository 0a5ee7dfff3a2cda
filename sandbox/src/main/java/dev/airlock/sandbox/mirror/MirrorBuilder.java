package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Extension;
import dev.airlock.sandbox.catalog.UnmodeledObject;
import dev.airlock.sandbox.ddl.DdlStatement;
import dev.airlock.sandbox.ddl.MirrorScript;
import dev.airlock.sandbox.ddl.Phase;
import dev.airlock.sandbox.json.CanonicalJson;
import dev.airlock.sandbox.server.SandboxConnections;
import dev.airlock.sandbox.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ensures the mirror template for a production snapshot exists on the sandbox server. The
 * template is named after the fingerprint; it counts as built only once it is marked
 * IS_TEMPLATE and carries its record (fingerprint and gaps) as its comment, so a build that died
 * half-way is dropped and redone. Builds are serialized in this JVM and, through an advisory lock
 * in the maintenance database, across Airlock instances sharing the server. Roles are reconciled on
 * every call (see {@link RoleMirror}).
 *
 * <p>Build: CREATE DATABASE from template0, then {@link MirrorScript} run by {@link ScriptRunner}
 * as the administrator with {@code check_function_bodies = off} and an empty search_path. Nobody
 * may connect to a template but the administrator (task databases are cloned from it, and
 * CREATE DATABASE ... TEMPLATE needs it idle).
 */
public final class MirrorBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorBuilder.class);
    private static final long ADVISORY_LOCK = 0x4169726c6f636bL;
    private static final String MAINTENANCE_DATABASE = "postgres";

    private final SandboxConnections connections;

    public MirrorBuilder(SandboxConnections connections) {
        this.connections = connections;
    }

    /** The record a finished template carries as its comment (role gaps are recomputed on every call). */
    record TemplateRecord(String fingerprint, List<MirrorGap> gaps) {
    }

    public static String databaseName(String fingerprint) {
        return MirrorPolicy.MIRROR_DATABASE_PREFIX + fingerprint.substring(0, 32);
    }

    public synchronized Mirror ensure(CatalogSnapshot production) {
        String fingerprint = production.fingerprint();
        String database = databaseName(fingerprint);
        try (Connection admin = connections.admin(MAINTENANCE_DATABASE)) {
            execute(admin, "SELECT pg_catalog.pg_advisory_lock(" + ADVISORY_LOCK + ")");
            try {
                RoleMirror.Result roles = RoleMirror.reconcile(admin, production);
                TemplateRecord existing = existingRecord(admin, database);
                List<MirrorGap> gaps = new ArrayList<>(roles.gaps());
                boolean roleStatements = changeRoleManagesRoles(production);
                if (existing != null && existing.fingerprint().equals(fingerprint)) {
                    gaps.addAll(existing.gaps());
                    return new Mirror(fingerprint, database, roles.names(), gaps, roleStatements);
                }
                long start = System.nanoTime();
                gaps.addAll(build(admin, production, database, roles));
                LOG.info("built mirror template {} in {} ms ({} gaps)", database,
                        (System.nanoTime() - start) / 1_000_000, gaps.size());
                return new Mirror(fingerprint, database, roles.names(), gaps, roleStatements);
            } finally {
                execute(admin, "SELECT pg_catalog.pg_advisory_unlock(" + ADVISORY_LOCK + ")");
            }
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot build the mirror template " + database, e);
        }
    }

    /**
     * Drops the mirror templates of every fingerprint not in {@code keep} (task databases are
     * copies and do not depend on them); returns the databases dropped.
     */
    public synchronized List<String> prune(Collection<String> keep) {
        Set<String> kept = new HashSet<>();
        keep.forEach(fingerprint -> kept.add(databaseName(fingerprint)));
        List<String> dropped = new ArrayList<>();
        try (Connection admin = connections.admin(MAINTENANCE_DATABASE)) {
            execute(admin, "SELECT pg_catalog.pg_advisory_lock(" + ADVISORY_LOCK + ")");
            try {
                List<String> templates = new ArrayList<>();
                try (Statement statement = admin.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT datname FROM pg_catalog.pg_database"
                             + " WHERE datname LIKE " + Identifiers.literal(MirrorPolicy.MIRROR_DATABASE_PREFIX + "%"))) {
                    while (rows.next()) {
                        templates.add(rows.getString(1));
                    }
                }
                for (String template : templates) {
                    if (!kept.contains(template)) {
                        dropIfPresent(admin, template);
                        dropped.add(template);
                    }
                }
            } finally {
                execute(admin, "SELECT pg_catalog.pg_advisory_unlock(" + ADVISORY_LOCK + ")");
            }
            return dropped;
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot drop old mirror templates", e);
        }
    }

    private List<MirrorGap> build(Connection admin, CatalogSnapshot production, String database,
                                  RoleMirror.Result roles) throws SQLException {
        dropIfPresent(admin, database);
        execute(admin, "CREATE DATABASE " + Identifiers.quote(database) + " TEMPLATE template0 ENCODING 'UTF8'");
        List<MirrorGap> gaps = new ArrayList<>(notMirrored(production));
        List<DdlStatement> script = new ArrayList<>(MirrorScript.render(production, roles.names(),
                extension -> !MirrorPolicy.DENIED_EXTENSIONS.contains(extension.name())));
        if (production.schemas().stream().noneMatch(s -> s.name().equals("public"))) {
            script.add(0, new DdlStatement(Phase.SCHEMAS, "public", "DROP SCHEMA public"));
        }
        try (Connection target = connections.admin(database)) {
            execute(target, "SET search_path = ''; SET check_function_bodies = off; SET client_min_messages = warning;"
                    + " SET default_tablespace = ''; SET default_table_access_method = heap");
            gaps.addAll(ScriptRunner.run(target, script));
            if (production.schemas().stream().anyMatch(schema -> schema.name().equals(Steward.SCHEMA))) {
                gaps.add(new MirrorGap("schema " + Steward.SCHEMA, "the name is Airlock's own on the sandbox server;"
                        + " role statements are not run in this mirror's sandboxes"));
            } else {
                gaps.addAll(ScriptRunner.run(target, Steward.install(connections.settings().adminUser())));
            }
        }
        String record = CanonicalJson.write(new TemplateRecord(production.fingerprint(), gaps));
        execute(admin, "REVOKE ALL ON DATABASE " + Identifiers.quote(database) + " FROM PUBLIC");
        execute(admin, "COMMENT ON DATABASE " + Identifiers.quote(database) + " IS " + Identifiers.literal(record));
        execute(admin, "ALTER DATABASE " + Identifiers.quote(database) + " IS_TEMPLATE true");
        return gaps;
    }

    /** Whether production's change role could run role statements (superuser or CREATEROLE there). */
    private boolean changeRoleManagesRoles(CatalogSnapshot production) {
        return production.roles().stream().anyMatch(role -> role.name().equals(connections.settings().changeRole())
                && (role.superuser() || role.createRole()));
    }

    /** What policy or the model keeps out of every mirror: denied extensions and unmodelled objects. */
    static List<MirrorGap> notMirrored(CatalogSnapshot production) {
        List<MirrorGap> gaps = new ArrayList<>();
        for (Extension extension : production.extensions()) {
            if (MirrorPolicy.DENIED_EXTENSIONS.contains(extension.name())) {
                gaps.add(new MirrorGap("extension " + extension.name(), "not installed on the sandbox server: it"
                        + " would let a task open connections or reach server files or programs"));
            }
        }
        for (UnmodeledObject object : production.unmodeled()) {
            gaps.add(new MirrorGap(object.kind() + " " + object.identity(), "Airlock does not model this kind of object"));
        }
        return gaps;
    }

    private static TemplateRecord existingRecord(Connection admin, String database) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT d.datistemplate, pg_catalog.shobj_description(d.oid,"
                     + " 'pg_database') FROM pg_catalog.pg_database d WHERE d.datname = " + Identifiers.literal(database))) {
            if (!row.next() || !row.getBoolean(1) || row.getString(2) == null) {
                return null;
            }
            return CanonicalJson.read(row.getString(2), TemplateRecord.class);
        }
    }

    private static void dropIfPresent(Connection admin, String database) throws SQLException {
        String quoted = Identifiers.quote(database);
        try (Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT 1 FROM pg_catalog.pg_database WHERE datname = "
                     + Identifiers.literal(database))) {
            if (!row.next()) {
                return;
            }
        }
        LOG.info("dropping mirror template {}", database);
        execute(admin, "ALTER DATABASE " + quoted + " IS_TEMPLATE false");
        execute(admin, "DROP DATABASE " + quoted + " WITH (FORCE)");
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
