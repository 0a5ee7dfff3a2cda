package dev.airlock.sandbox.task;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.mirror.Mirror;
import dev.airlock.sandbox.mirror.MirrorPolicy;
import dev.airlock.sandbox.mirror.Steward;
import dev.airlock.sandbox.server.SandboxConnections;
import dev.airlock.sandbox.server.SandboxException;
import dev.airlock.sandbox.sql.Identifiers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops per-task sandboxes on the sandbox server.
 *
 * <p>A task gets a LOGIN role {@code airlock_sandbox_task_<h>} (non-superuser, no CREATEDB, no
 * CREATEROLE, a random password that never leaves this JVM) and a database
 * {@code airlock_task_<h>} cloned with {@code CREATE DATABASE ... TEMPLATE} from the mirror and
 * owned by that role, where {@code h} is a hash of the task id. PUBLIC may not connect to it. The
 * role is a member, WITH ADMIN OPTION, of every mirrored production role, so it can do to mirrored
 * objects what the production change role (an owner or superuser) could, and grant mirrored roles;
 * it is never a member of a superuser or of a predefined role that reaches server files,
 * programs or other sessions. Clones are serialized per template (PostgreSQL refuses to copy a
 * template someone else is copying or connected to) and retried while the template is busy.
 */
public final class TaskSandboxes {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSandboxes.class);
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final String TEMPLATE_BUSY = "55006";
    private static final int CLONE_ATTEMPTS = 20;

    private final SandboxConnections connections;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Object> templateLocks = new ConcurrentHashMap<>();
    private final Map<String, String> stewardKeys = new ConcurrentHashMap<>();

    public TaskSandboxes(SandboxConnections connections) {
        this.connections = connections;
    }

    public static String databaseName(String taskId) {
        return MirrorPolicy.TASK_DATABASE_PREFIX + hash(taskId);
    }

    public static String roleName(String taskId) {
        return MirrorPolicy.OWN_ROLE_PREFIX + "task_" + hash(taskId);
    }

    private static String hash(String taskId) {
        return CatalogSnapshot.sha256(taskId).substring(0, 24);
    }

    /** Creates the task's role and database from the mirror; fails if the task already has a sandbox. */
    public TaskSandbox create(String taskId, Mirror mirror) {
        TaskSandbox sandbox = new TaskSandbox(taskId, databaseName(taskId), roleName(taskId), mirror);
        String role = Identifiers.quote(sandbox.role());
        String database = Identifiers.quote(sandbox.database());
        String password = newPassword();
        try (Connection admin = connections.admin(MAINTENANCE_DATABASE)) {
            if (exists(admin, "SELECT 1 FROM pg_catalog.pg_database WHERE datname = " + Identifiers.literal(sandbox.database()))) {
                throw new SandboxException("task " + taskId + " already has a sandbox (" + sandbox.database()
                        + "); drop it first");
            }
            StringBuilder setup = new StringBuilder("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE"
                    + " rolname = " + Identifiers.literal(sandbox.role()) + ") THEN CREATE ROLE " + role
                    + "; END IF; END$$;\n");
            setup.append("ALTER ROLE ").append(role).append(" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT")
                    .append(" NOREPLICATION NOBYPASSRLS PASSWORD ").append(Identifiers.literal(password)).append(";\n");
            for (String mirrored : mirroredRoles(admin)) {
                setup.append("GRANT ").append(Identifiers.quote(mirrored)).append(" TO ").append(role)
                        .append(" WITH ADMIN OPTION;\n");
            }
            execute(admin, setup.toString());
            clone(admin, mirror.database(), database, role);
            execute(admin, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            passwords.put(taskId, password);
            LOG.info("created sandbox {} for task {} from {}", sandbox.database(), taskId, mirror.database());
            return sandbox;
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot create the sandbox of task " + taskId, e);
        }
    }

    /** Drops the task's database (closing its sessions) and role; a task without a sandbox is fine. */
    public void drop(String taskId) {
        String role = roleName(taskId);
        try (Connection admin = connections.admin(MAINTENANCE_DATABASE)) {
            execute(admin, "DROP DATABASE IF EXISTS " + Identifiers.quote(databaseName(taskId)) + " WITH (FORCE)");
            if (exists(admin, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + Identifiers.literal(role))) {
                execute(admin, "DROP OWNED BY " + Identifiers.quote(role) + "; DROP ROLE " + Identifiers.quote(role));
            }
            passwords.remove(taskId);
            stewardKeys.remove(databaseName(taskId));
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot drop the sandbox of task " + taskId, e);
        }
    }

    /** The key of the role steward in the task's database, or null when the mirror has none. */
    public String stewardKey(TaskSandbox sandbox) {
        return stewardKeys.computeIfAbsent(sandbox.database(), database -> {
            try (Connection admin = connections.admin(database);
                 Statement statement = admin.createStatement();
                 ResultSet row = statement.executeQuery(Steward.KEY_QUERY)) {
                return row.next() ? row.getString(1) : null;
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                    return null;
                }
                throw SandboxConnections.failure("cannot read the role steward of " + database, e);
            }
        });
    }

    /** A session in the task's database as the task's role (its password is reset if this JVM lost it). */
    public Connection connect(TaskSandbox sandbox) {
        String password = passwords.computeIfAbsent(sandbox.taskId(), id -> resetPassword(sandbox.role()));
        return connections.task(sandbox.database(), sandbox.role(), password);
    }

    private String resetPassword(String role) {
        String password = newPassword();
        try (Connection admin = connections.admin(MAINTENANCE_DATABASE)) {
            execute(admin, "ALTER ROLE " + Identifiers.quote(role) + " PASSWORD " + Identifiers.literal(password));
            return password;
        } catch (SQLException e) {
            throw SandboxConnections.failure("cannot reset the password of " + role, e);
        }
    }

    private void clone(Connection admin, String template, String database, String owner) throws SQLException {
        synchronized (templateLocks.computeIfAbsent(template, t -> new Object())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    execute(admin, "CREATE DATABASE " + database + " TEMPLATE " + Identifiers.quote(template)
                            + " OWNER " + owner);
                    return;
                } catch (SQLException e) {
                    if (!TEMPLATE_BUSY.equals(e.getSQLState()) || attempt == CLONE_ATTEMPTS) {
                        throw e;
                    }
                    sleep(100L * attempt);
                }
            }
        }
    }

    private static List<String> mirroredRoles(Connection admin) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT r.rolname FROM pg_catalog.pg_roles r"
                     + " JOIN pg_catalog.pg_auth_members m ON m.member = r.oid"
                     + " JOIN pg_catalog.pg_roles k ON k.oid = m.roleid AND k.rolname = "
                     + Identifiers.literal(MirrorPolicy.MIRRORED_MARKER) + " WHERE NOT r.rolsuper")) {
            while (rows.next()) {
                roles.add(rows.getString(1));
            }
        }
        return roles;
    }

    private String newPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean exists(Connection admin, String query) throws SQLException {
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            return rows.next();
        }
    }

    private static void execute(Connection admin, String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for a busy mirror template", e);
        }
    }
}
