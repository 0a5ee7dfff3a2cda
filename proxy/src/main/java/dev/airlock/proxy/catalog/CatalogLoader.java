package dev.airlock.proxy.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link ProductionCatalog} through a JDBC connection as the read-only role, in one
 * REPEATABLE READ transaction so that all parts agree. Every row read also feeds the fingerprint.
 */
public final class CatalogLoader {
    private static final String FUNCTIONS = """
            SELECT p.oid, n.nspname, p.proname, p.provolatile, p.prokind, p.pronargs, l.lanname, e.extname
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 AND d.objid = p.oid AND d.deptype = 'e'
            LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
            ORDER BY p.oid""";
    private static final String OPERATORS = """
            SELECT o.oid, n.nspname, o.oprname, o.oprcode::pg_catalog.oid
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
            ORDER BY o.oid""";
    private static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity,
                   CASE WHEN c.relkind = 'v' AND c.oid >= 16384 THEN pg_catalog.pg_get_viewdef(c.oid) END,
                   ARRAY(SELECT pg_catalog.pg_get_expr(p.polqual, p.polrelid) FROM pg_catalog.pg_policy p
                         WHERE p.polrelid = c.oid AND p.polcmd IN ('r', '*') AND p.polqual IS NOT NULL
                         ORDER BY p.oid),
                   ARRAY(SELECT pg_catalog.pg_get_expr(a.adbin, a.adrelid) FROM pg_catalog.pg_attrdef a
                         WHERE a.adrelid = c.oid ORDER BY a.adnum),
                   EXISTS(SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            ORDER BY c.oid""";
    private static final String TYPES = """
            SELECT t.oid, n.nspname, t.typname, t.typtype,
                   ARRAY(SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k
                         WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.oid),
                   ARRAY(SELECT c.castfunc::pg_catalog.int8 FROM pg_catalog.pg_cast c
                         WHERE (c.castsource = t.oid OR c.casttarget = t.oid) AND c.castfunc <> 0 ORDER BY c.oid)
            FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid >= 16384 AND t.typtype IN ('d', 'b', 'c', 'e', 'r', 'm')
            ORDER BY t.oid""";
    private static final String KEYWORDS = "SELECT word, catcode FROM pg_catalog.pg_get_keywords() ORDER BY word";
    private static final String SCHEMAS = "SELECT nspname FROM pg_catalog.pg_namespace ORDER BY nspname";
    private static final String SESSION = "SELECT current_user, pg_catalog.current_setting('search_path')";

    private final MessageDigest digest;

    private CatalogLoader() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProductionCatalog load(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement()) {
            return new CatalogLoader().read(statement);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private ProductionCatalog read(Statement statement) throws SQLException {
        List<FunctionInfo> functions = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(FUNCTIONS)) {
            while (rows.next()) {
                long oid = rows.getLong(1);
                functions.add(new FunctionInfo(oid, rows.getString(2), rows.getString(3), rows.getString(4).charAt(0),
                        rows.getString(5).charAt(0), rows.getInt(6), rows.getString(7), rows.getString(8),
                        oid < ProductionCatalog.FIRST_NORMAL_OBJECT_ID));
                feed(rows, 8);
            }
        }
        List<OperatorInfo> operators = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(OPERATORS)) {
            while (rows.next()) {
                operators.add(new OperatorInfo(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
                feed(rows, 4);
            }
        }
        List<RelationInfo> relations = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(RELATIONS)) {
            while (rows.next()) {
                long oid = rows.getLong(1);
                relations.add(new RelationInfo(oid, rows.getString(2), rows.getString(3), rows.getString(4).charAt(0),
                        rows.getBoolean(5), oid < ProductionCatalog.FIRST_NORMAL_OBJECT_ID, rows.getString(6),
                        strings(rows.getArray(7)), strings(rows.getArray(8)), rows.getBoolean(9)));
                feed(rows, 9);
            }
        }
        List<TypeInfo> types = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(TYPES)) {
            while (rows.next()) {
                types.add(new TypeInfo(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4).charAt(0),
                        strings(rows.getArray(5)), longs(rows.getArray(6))));
                feed(rows, 6);
            }
        }
        Map<String, KeywordCategory> keywords = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(KEYWORDS)) {
            while (rows.next()) {
                keywords.put(rows.getString(1), KeywordCategory.of(rows.getString(2)));
                feed(rows, 2);
            }
        }
        Set<String> schemas = new HashSet<>();
        try (ResultSet rows = statement.executeQuery(SCHEMAS)) {
            while (rows.next()) {
                schemas.add(rows.getString(1));
                feed(rows, 1);
            }
        }
        String role;
        String searchPath;
        try (ResultSet rows = statement.executeQuery(SESSION)) {
            rows.next();
            role = rows.getString(1);
            searchPath = rows.getString(2);
            feed(rows, 2);
        }
        List<String> path = SearchPaths.resolve(SearchPaths.parse(searchPath), role, schemas);
        return new ProductionCatalog(functions, operators, relations, types, keywords, schemas, role, path,
                HexFormat.of().formatHex(digest.digest()));
    }

    private void feed(ResultSet rows, int columns) throws SQLException {
        for (int i = 1; i <= columns; i++) {
            String value = rows.getString(i);
            digest.update((value == null ? "\u0000" : value).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0x1f);
        }
        digest.update((byte) 0x1e);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            if (value != null) {
                values.add(value.toString());
            }
        }
        return values;
    }

    private static List<Long> longs(Array array) throws SQLException {
        List<Long> values = new ArrayList<>();
        if (array != null) {
            for (Object value : (Object[]) array.getArray()) {
                values.add(((Number) value).longValue());
            }
        }
        return values;
    }
}
