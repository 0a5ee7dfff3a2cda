package dev.airlock.sandbox.mirror;

import java.util.Set;

/**
 * What the sandbox never reproduces, because a task could use it to leave the sandbox: extensions
 * that open connections or reach server files or programs, untrusted languages, superuser and
 * CREATEROLE (on PostgreSQL 15 a CREATEROLE role can grant itself server-program access), and
 * memberships in predefined roles that read server files, run programs, signal or watch other
 * sessions.
 */
public final class MirrorPolicy {
    public static final Set<String> DENIED_EXTENSIONS = Set.of(
            "dblink", "postgres_fdw", "file_fdw", "adminpack", "plperlu", "plpython3u", "plpythonu", "plpython2u",
            "pltclu");
    public static final Set<String> DENIED_PREDEFINED_ROLES = Set.of(
            "pg_execute_server_program", "pg_read_server_files", "pg_write_server_files", "pg_signal_backend",
            "pg_read_all_stats", "pg_monitor");

    /** Roles Airlock creates on the sandbox server start with this; none of them is production's. */
    public static final String OWN_ROLE_PREFIX = "airlock_sandbox_";
    /** Every role the mirror created (stand-ins included) is a direct member of this marker role. */
    public static final String MIRRORED_MARKER = OWN_ROLE_PREFIX + "mirrored";
    /** Stand-in for a production role whose name the sandbox server already uses for a role of its own. */
    public static final String STAND_IN_PREFIX = OWN_ROLE_PREFIX + "as_";
    /** Databases Airlock creates on the sandbox server. */
    public static final String MIRROR_DATABASE_PREFIX = "airlock_mirror_";
    public static final String TASK_DATABASE_PREFIX = "airlock_task_";

    private MirrorPolicy() {
    }
}
