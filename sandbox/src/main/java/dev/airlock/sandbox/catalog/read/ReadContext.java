package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.AclEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.postgresql.PGStatement;

/**
 * What every part of a snapshot read shares: the connection, role names by OID, comments, ACLs
 * and the set of objects that belong to extensions (left out: the extension stands for them).
 *
 * <p>The catalog queries are fixed, so {@link #prefetch} runs them all, one after the other on the
 * one connection, on a fetching thread, while the reading thread assembles the rows of those
 * already back: the server never waits for the assembly. Queries are server-side prepared
 * statements, so a connection that reads again does not plan them again.
 */
final class ReadContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadContext.class);
    final Connection connection;
    final ServerView serverView;
    final Map<Long, String> roleNames = new HashMap<>();
    final Acls acls = new Acls();
    private final Map<ObjectRef, String> comments = new HashMap<>();
    private final Set<ObjectRef> extensionMembers = new HashSet<>();
    private final Map<String, CompletableFuture<List<Row>>> fetched = new HashMap<>();
    private Thread fetcher;
    private volatile boolean stopFetching;

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
            // schemas, routines and default privileges; relations, columns and types bring their own
            long grantee = rs.getLong(4);
            acls.add(new ObjectRef(rs.getString(1), rs.getLong(2), rs.getInt(3)),
                    grantee == 0 ? AclEntry.PUBLIC : roleNames.get(grantee), rs.getString(5), rs.getBoolean(6));
        });
    }

    interface RowConsumer {
        void accept(Row row) throws SQLException;
    }

    /**
     * Starts fetching these queries, in this order, on a thread of its own. Until {@link #finish}
     * returns, only that thread uses the connection.
     */
    void prefetch(List<String> queries) {
        List<String> order = new ArrayList<>();
        for (String sql : queries) {
            if (!fetched.containsKey(sql)) {
                fetched.put(sql, new CompletableFuture<>());
                order.add(sql);
            }
        }
        fetcher = new Thread(() -> {
            SQLException failure = null;
            for (String sql : order) {
                CompletableFuture<List<Row>> result = fetched.get(sql);
                if (failure == null && stopFetching) {
                    failure = new SQLException("catalog read abandoned");
                }
                if (failure != null) {
                    result.completeExceptionally(failure);
                    continue;
                }
                try {
                    result.complete(fetch(connection, forThisServer(sql)));
                } catch (SQLException e) {
                    failure = e;
                    result.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    failure = new SQLException("catalog query failed: " + e, e);
                    result.completeExceptionally(failure);
                }
            }
        }, "airlock-catalog-fetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** Stops the fetching thread after its current query and waits until it has let go of the connection. */
    void finish() {
        stopFetching = true;
        awaitFetcher();
    }

    private void awaitFetcher() {
        if (fetcher == null) {
            return;
        }
        boolean interrupted = false;
        while (fetcher.isAlive()) {
            try {
                fetcher.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        fetcher = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void query(String sql, RowConsumer consumer) throws SQLException {
        for (Row row : rows(sql)) {
            consumer.accept(row);
        }
    }

    /** The rows of a query: prefetched ones when it was prefetched (a query fetched once serves every caller). */
    List<Row> rows(String sql) throws SQLException {
        CompletableFuture<List<Row>> ahead = fetched.get(sql);
        if (ahead == null) {
            awaitFetcher();
            List<Row> rows = fetch(connection, forThisServer(sql));
            fetched.put(sql, CompletableFuture.completedFuture(rows));
            return rows;
        }
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the catalog", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            throw new IllegalStateException("catalog query failed", e.getCause());
        }
    }

    private String forThisServer(String sql) {
        return sql.replace(CatalogQueries.HIDDEN_SCHEMAS, serverView.hiddenSchemaList());
    }

    private static List<Row> fetch(Connection connection, String sql) throws SQLException {
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // Prepared on the server at once, and kept in the driver's statement cache for the next read.
            statement.unwrap(PGStatement.class).setPrepareThreshold(1);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    rows.add(Row.of(result, columns));
                }
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

    /** Adds the ACL items of one object as {@link CatalogQueries} explodes them into a text array ("grantee-oid privilege grantable"). */
    void addAcl(String catalog, long oid, int subId, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        ObjectRef object = new ObjectRef(catalog, oid, subId);
        for (String item : items) {
            int first = item.indexOf(' ');
            int second = item.indexOf(' ', first + 1);
            long grantee = Long.parseLong(item.substring(0, first));
            acls.add(object, grantee == 0 ? AclEntry.PUBLIC : roleNames.get(grantee), item.substring(first + 1, second),
                    item.substring(second + 1).equals("true"));
        }
    }

    /** Column ACL: its explicit entries, null when there are none. */
    List<AclEntry> columnAcl(long relationOid, int attnum) {
        return Acls.renamed(acls.explicit(new ObjectRef("pg_attribute", relationOid, attnum)), serverView);
    }

}
