package dev.airlock.proxy.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves, before Airlock serves anyone, that its read-only role really cannot write: it is not a
 * superuser and has no BYPASSRLS, CREATEROLE, CREATEDB or REPLICATION, through itself or any role it
 * is a member of (SET ROLE would reach them); neither it nor those roles can INSERT, UPDATE,
 * DELETE, TRUNCATE or add triggers to any table, UPDATE any sequence, CREATE in any schema or the
 * database, or own anything; and it belongs to none of the predefined roles that write data, touch
 * server files or signal backends. Each finding names the object.
 */
public final class ReadOnlyCredentialCheck {
    private static final int MAX_FINDINGS_PER_QUERY = 20;

    private static final String ROLES_IN_REACH = "SELECT r.oid FROM pg_catalog.pg_roles r "
            + "WHERE pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')";

    private static final String ATTRIBUTES = """
            SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolreplication
            FROM pg_catalog.pg_roles r WHERE r.oid IN (%s)
            AND (r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication)
            ORDER BY r.rolname""".formatted(ROLES_IN_REACH);

    private static final String PREDEFINED = """
            SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid IN (%s)
            AND r.rolname IN ('pg_write_all_data', 'pg_write_server_files', 'pg_read_server_files',
                              'pg_execute_server_program', 'pg_signal_backend', 'pg_checkpoint',
                              'pg_create_subscription', 'pg_use_reserved_connections')
            ORDER BY r.rolname""".formatted(ROLES_IN_REACH);

    private static final String TABLE_WRITES = """
            SELECT r.rolname, c.oid::pg_catalog.regclass::text,
                   pg_catalog.array_to_string(ARRAY(
                     SELECT p FROM unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) p
                     WHERE pg_catalog.has_table_privilege(r.oid, c.oid, p)
                        OR p IN ('INSERT', 'UPDATE') AND pg_catalog.has_any_column_privilege(r.oid, c.oid, p)), ', ')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,
                 pg_catalog.pg_roles r
            WHERE r.oid IN (%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
              AND (pg_catalog.has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER')
                   OR pg_catalog.has_any_column_privilege(r.oid, c.oid, 'INSERT, UPDATE'))
            ORDER BY 2, 1 LIMIT %d""".formatted(ROLES_IN_REACH, MAX_FINDINGS_PER_QUERY);

    private static final String SEQUENCE_UPDATES = """
            SELECT r.rolname, c.oid::pg_catalog.regclass::text
            FROM pg_catalog.pg_class c, pg_catalog.pg_roles r
            WHERE r.oid IN (%s) AND c.relkind = 'S' AND pg_catalog.has_sequence_privilege(r.oid, c.oid, 'UPDATE')
            ORDER BY 2, 1 LIMIT %d""".formatted(ROLES_IN_REACH, MAX_FINDINGS_PER_QUERY);

    private static final String SCHEMA_CREATE = """
            SELECT r.rolname, n.nspname FROM pg_catalog.pg_namespace n, pg_catalog.pg_roles r
            WHERE r.oid IN (%s) AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
            ORDER BY 2, 1 LIMIT %d""".formatted(ROLES_IN_REACH, MAX_FINDINGS_PER_QUERY);

    private static final String DATABASE_CREATE = """
            SELECT r.rolname FROM pg_catalog.pg_roles r
            WHERE r.oid IN (%s) AND pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'CREATE')
            ORDER BY 1""".formatted(ROLES_IN_REACH);

    private static final String OWNERSHIP = """
            SELECT pg_catalog.pg_get_userbyid(c.relowner), 'relation ' || c.oid::pg_catalog.regclass::text
            FROM pg_catalog.pg_class c WHERE c.relowner IN (%1$s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            UNION ALL
            SELECT pg_catalog.pg_get_userbyid(n.nspowner), 'schema ' || n.nspname
            FROM pg_catalog.pg_namespace n WHERE n.nspowner IN (%1$s)
            UNION ALL
            SELECT pg_catalog.pg_get_userbyid(p.proowner), 'function ' || p.oid::pg_catalog.regprocedure::text
            FROM pg_catalog.pg_proc p WHERE p.proowner IN (%1$s)
            LIMIT %2$d""".formatted(ROLES_IN_REACH, MAX_FINDINGS_PER_QUERY);

    private ReadOnlyCredentialCheck() {
    }

    /** Every reason the role could write; empty when it is read-only. */
    public static List<String> findings(Connection connection) throws SQLException {
        List<String> findings = new ArrayList<>();
        query(connection, ATTRIBUTES, row -> {
            List<String> attributes = new ArrayList<>();
            String[] names = {"SUPERUSER", "BYPASSRLS", "CREATEROLE", "CREATEDB", "REPLICATION"};
            for (int i = 0; i < names.length; i++) {
                if (row.getBoolean(i + 2)) {
                    attributes.add(names[i]);
                }
            }
            return "role " + row.getString(1) + " has " + String.join(", ", attributes);
        }, findings);
        query(connection, PREDEFINED, row -> "member of predefined role " + row.getString(1), findings);
        query(connection, TABLE_WRITES, row -> "role " + row.getString(1) + " has " + row.getString(3)
                + " on " + row.getString(2), findings);
        query(connection, SEQUENCE_UPDATES, row -> "role " + row.getString(1) + " has UPDATE on sequence " + row.getString(2), findings);
        query(connection, SCHEMA_CREATE, row -> "role " + row.getString(1) + " has CREATE on schema " + row.getString(2), findings);
        query(connection, DATABASE_CREATE, row -> "role " + row.getString(1) + " has CREATE on the database", findings);
        query(connection, OWNERSHIP, row -> "role " + row.getString(1) + " owns " + row.getString(2), findings);
        return findings;
    }

    private interface RowReader {
        String read(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowReader reader, List<String> findings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                findings.add(reader.read(rows));
            }
        }
    }
}
