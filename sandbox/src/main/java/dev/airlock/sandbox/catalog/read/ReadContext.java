package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.AclEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every part of a snapshot read shares: the connection, role names by OID, comments, ACLs
 * and the set of objects that belong to extensions (left out: the extension stands for them).
 */
final class ReadContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadContext.class);
    final Connection connection;
    final ServerView serverView;
    final Map<Long, String> roleNames = new HashMap<>();
    final Acls acls = new Acls();
    private final Map<ObjectRef, String> comments = new HashMap<>();
    private final Set<ObjectRef> extensionMembers = new HashSet<>();

    ReadContext(Connection connection, ServerView serverView) {
        this.connection = connection;
        this.serverView = serverView;
    }

    void load() throws SQLException {
        query(CatalogQueries.ROLES, rs -> roleNames.put(rs.getLong(1), rs.getString(2)));
        query(CatalogQueries.COMMENTS, rs -> comments.put(
                new ObjectRef(rs.getString(1), rs.getLong(2), rs.getInt(3)), rs.getString(4)));
        query(CatalogQueries.EXTENSION_MEMBERS, rs -> extensionMembers.add(ObjectRef.of(rs.getString(1), rs.getLong(2))));
        query(CatalogQueries.ACLS, rs -> {
            long grantee = rs.getLong(4);
            acls.add(new ObjectRef(rs.getString(1), rs.getLong(2), rs.getInt(3)),
                    grantee == 0 ? AclEntry.PUBLIC : roleNames.get(grantee), rs.getString(5), rs.getBoolean(6));
        });
    }

    interface RowConsumer {
        void accept(Row row) throws SQLException;
    }

    void query(String sql, RowConsumer consumer) throws SQLException {
        List<Row> rows = fetch(connection, forThisServer(sql));
        for (Row row : rows) {
            consumer.accept(row);
        }
    }

    private String forThisServer(String sql) {
        return sql.replace(CatalogQueries.HIDDEN_SCHEMAS, serverView.hiddenSchemaList());
    }

    private static List<Row> fetch(Connection connection, String sql) throws SQLException {
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                rows.add(Row.of(result, columns));
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ms: {}", (System.nanoTime() - start) / 1_000_000, sql.strip().lines().findFirst().orElse(""));
        }
        return rows;
    }

    /** The name to show for the role with this OID (owner, grantee, ...). */
    String role(long oid) {
        String name = roleNames.get(oid);
        if (name == null) {
            throw new IllegalStateException("catalog names role OID " + oid + ", which pg_roles does not list");
        }
        return serverView.name(name);
    }

    String comment(String catalog, long oid) {
        return comments.get(ObjectRef.of(catalog, oid));
    }

    String comment(String catalog, long oid, int subId) {
        return comments.get(new ObjectRef(catalog, oid, subId));
    }

    boolean inExtension(String catalog, long oid) {
        return extensionMembers.contains(ObjectRef.of(catalog, oid));
    }

    /** ACL of an object with an owner: null when it is the default. */
    List<AclEntry> acl(String catalog, long oid, long ownerOid, List<String> ownerPrivileges, boolean publicByDefault) {
        List<AclEntry> entries = acls.forObject(ObjectRef.of(catalog, oid), roleNames.get(ownerOid),
                ownerPrivileges, publicByDefault);
        return Acls.renamed(entries, serverView);
    }

    /** Column ACL: its explicit entries, null when there are none. */
    List<AclEntry> columnAcl(long relationOid, int attnum) {
        return Acls.renamed(acls.explicit(new ObjectRef("pg_attribute", relationOid, attnum)), serverView);
    }

}
