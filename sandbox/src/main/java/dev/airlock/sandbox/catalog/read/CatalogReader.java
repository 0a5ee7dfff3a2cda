package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.Extension;
import dev.airlock.sandbox.catalog.Operator;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Schema;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.UnmodeledObject;
import dev.airlock.sandbox.catalog.UserType;
import dev.airlock.sandbox.catalog.View;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link CatalogSnapshot} through any role that can read the system catalogs (production's
 * read-only role; nothing it runs writes). On a connection in autocommit mode the read is one
 * REPEATABLE READ, READ ONLY transaction, so the snapshot is consistent; on a connection already
 * inside a transaction (a sandbox after a change set) it reads what that transaction sees, and
 * leaves its {@code SET LOCAL}s in place: call it last. Either way every query runs under the
 * given statement and lock timeouts, with {@code search_path = ''} and fixed output settings, so
 * deparsed text does not depend on the session.
 */
public final class CatalogReader {
    private static final Map<String, String> DEFAULT_PRIVILEGE_TYPES = Map.of(
            "r", "TABLES", "S", "SEQUENCES", "f", "FUNCTIONS", "T", "TYPES", "n", "SCHEMAS");

    private static final String BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /** Every catalog query, in the order the read uses their rows. */
    private static final List<String> QUERIES = List.of(
            CatalogQueries.ROLES, CatalogQueries.COMMENTS, CatalogQueries.EXTENSION_MEMBERS, CatalogQueries.ACLS,
            CatalogQueries.RELATIONS, CatalogQueries.INHERITANCE, CatalogQueries.COLUMNS, CatalogQueries.CONSTRAINTS,
            CatalogQueries.INDEXES, CatalogQueries.TRIGGERS, CatalogQueries.RULES, CatalogQueries.POLICIES,
            CatalogQueries.SEQUENCES, CatalogQueries.ENUM_LABELS, CatalogQueries.RANGES, CatalogQueries.TYPES,
            CatalogQueries.AGGREGATES, CatalogQueries.ROUTINES, CatalogQueries.OPERATORS, CatalogQueries.MEMBERSHIPS,
            CatalogQueries.NAMESPACES, CatalogQueries.EXTENSIONS, CatalogQueries.DEFAULT_PRIVILEGES,
            CatalogQueries.UNMODELED);

    private final ServerView serverView;
    private final Duration statementTimeout;

    public CatalogReader(ServerView serverView, Duration statementTimeout) {
        this.serverView = serverView;
        this.statementTimeout = statementTimeout;
    }

    /** Reads production (or any server) as it is. */
    public static CatalogSnapshot readAsIs(Connection connection, Duration statementTimeout) throws SQLException {
        return new CatalogReader(ServerView.AS_IS, statementTimeout).read(connection);
    }

    public CatalogSnapshot read(Connection connection) throws SQLException {
        boolean ownTransaction = connection.getAutoCommit();
        if (ownTransaction) {
            execute(connection, BEGIN);
        }
        try {
            execute(connection, settings());
            ReadContext context = new ReadContext(connection, serverView);
            context.prefetch(QUERIES);
            try {
                return readAll(context);
            } finally {
                context.finish();
            }
        } finally {
            if (ownTransaction) {
                execute(connection, "ROLLBACK");
            }
        }
    }

    private String settings() {
        return "SELECT pg_catalog.set_config('search_path', '', true),"
                + " pg_catalog.set_config('statement_timeout', '" + statementTimeout.toMillis() + "', true),"
                + " pg_catalog.set_config('lock_timeout', '" + statementTimeout.toMillis() + "', true),"
                + " pg_catalog.set_config('DateStyle', 'ISO, YMD', true),"
                + " pg_catalog.set_config('IntervalStyle', 'postgres', true),"
                + " pg_catalog.set_config('TimeZone', 'UTC', true),"
                + " pg_catalog.set_config('extra_float_digits', '1', true),"
                + " pg_catalog.set_config('bytea_output', 'hex', true),"
                + " pg_catalog.set_config('quote_all_identifiers', 'off', true)";
    }

    private CatalogSnapshot readAll(ReadContext context) throws SQLException {
        context.load();
        RelationReader relations = new RelationReader(context);
        relations.read();
        List<UserType> types = TypeReader.read(context, relations.compositeAttributes, relations.domainConstraints);
        List<Routine> routines = RoutineReader.readRoutines(context);
        List<Operator> operators = RoutineReader.readOperators(context);
        return new CatalogSnapshot(
                sorted(roles(context), Comparator.comparing(Role::name)),
                sorted(memberships(context), Comparator.comparing(RoleMembership::role).thenComparing(RoleMembership::member)),
                sorted(schemas(context), Comparator.comparing(Schema::name)),
                sorted(extensions(context), Comparator.comparing(Extension::name)),
                sorted(types, Comparator.comparing(UserType::schema).thenComparing(UserType::name)),
                sorted(relations.sequences, Comparator.comparing(Sequence::schema).thenComparing(Sequence::name)),
                sorted(relations.tables, Comparator.comparing(Table::schema).thenComparing(Table::name)),
                sorted(relations.views, Comparator.comparing(View::schema).thenComparing(View::name)),
                sorted(routines, Comparator.comparing(Routine::schema).thenComparing(Routine::name)
                        .thenComparing(Routine::arguments)),
                sorted(operators, Comparator.comparing(Operator::schema).thenComparing(Operator::name)
                        .thenComparing(o -> String.valueOf(o.leftType())).thenComparing(o -> String.valueOf(o.rightType()))),
                sorted(defaultPrivileges(context), Comparator.comparing(DefaultPrivilege::role)
                        .thenComparing(d -> d.schema() == null ? "" : d.schema()).thenComparing(DefaultPrivilege::objectType)),
                sorted(unmodeled(context), Comparator.comparing(UnmodeledObject::kind).thenComparing(UnmodeledObject::identity)));
    }

    private List<Role> roles(ReadContext context) throws SQLException {
        List<Role> roles = new ArrayList<>();
        context.query(CatalogQueries.ROLES, rs -> {
            String name = rs.getString(2);
            if (serverView.listed(name)) {
                roles.add(new Role(serverView.name(name), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getInt(10),
                        rs.getString(11), rs.getString(12)));
            }
        });
        return roles;
    }

    private List<RoleMembership> memberships(ReadContext context) throws SQLException {
        List<RoleMembership> memberships = new ArrayList<>();
        context.query(CatalogQueries.MEMBERSHIPS, rs -> {
            String role = context.roleNames.get(rs.getLong(1));
            String member = context.roleNames.get(rs.getLong(2));
            // PostgreSQL reads each shared catalog with a fresh catalog snapshot: a role created after the
            // role list was read (another task's, on a sandbox server) can turn up here unnamed; like the
            // role list, the snapshot leaves it out.
            if (role != null && member != null && !serverView.isOwnRole(role) && serverView.listed(member)) {
                memberships.add(new RoleMembership(serverView.name(role), serverView.name(member), rs.getBoolean(3)));
            }
        });
        return memberships;
    }

    private static List<Schema> schemas(ReadContext context) throws SQLException {
        List<Schema> schemas = new ArrayList<>();
        context.query(CatalogQueries.NAMESPACES, rs -> {
            long oid = rs.getLong(1);
            if (!context.inExtension("pg_namespace", oid)) {
                schemas.add(new Schema(rs.getString(2), context.role(rs.getLong(3)),
                        rs.getBoolean(4) ? null : context.acl("pg_namespace", oid, rs.getLong(3), Privileges.SCHEMA, false),
                        context.comment("pg_namespace", oid)));
            }
        });
        return schemas;
    }

    private static List<Extension> extensions(ReadContext context) throws SQLException {
        List<Extension> extensions = new ArrayList<>();
        context.query(CatalogQueries.EXTENSIONS,
                rs -> extensions.add(new Extension(rs.getString(1), rs.getString(2), rs.getString(3))));
        return extensions;
    }

    private static List<DefaultPrivilege> defaultPrivileges(ReadContext context) throws SQLException {
        List<DefaultPrivilege> defaults = new ArrayList<>();
        context.query(CatalogQueries.DEFAULT_PRIVILEGES, rs -> {
            var acl = context.acls.explicit(ObjectRef.of("pg_default_acl", rs.getLong(1)));
            defaults.add(new DefaultPrivilege(context.role(rs.getLong(2)), rs.getString(3),
                    DEFAULT_PRIVILEGE_TYPES.get(rs.getString(4)),
                    acl == null ? List.of() : Acls.renamed(acl, context.serverView)));
        });
        return defaults;
    }

    private static List<UnmodeledObject> unmodeled(ReadContext context) throws SQLException {
        List<UnmodeledObject> objects = new ArrayList<>();
        context.query(CatalogQueries.UNMODELED, rs -> {
            if (!context.inExtension(rs.getString(1), rs.getLong(2))) {
                objects.add(new UnmodeledObject(rs.getString(3), rs.getString(4)));
            }
        });
        return objects;
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
