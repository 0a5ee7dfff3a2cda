package dev.airlock.sandbox.impact;

import dev.airlock.sandbox.mirror.Steward;
import dev.airlock.sandbox.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures a change set's impact from inside its transaction. Before the first statement it
 * records every user relation's OID and relfilenode; after each statement it reads the session's
 * own relation locks from {@code pg_locks} (locks are held to the end of the transaction, so the
 * new ones belong to that statement); at the end it compares relfilenodes. System catalogs (OID
 * below 16384) are left out: every statement touches them; so are TOAST relations, whose names
 * follow OIDs, temporary ones, and Airlock's own role steward.
 */
public final class RelationProbe {
    private static final String RELATIONS = "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relfilenode"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'm', 'i', 'I', 'S', 'v', 'f')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
            + " AND n.nspname <> '" + Steward.SCHEMA + "'";
    private static final String LOCKS = "SELECT l.relation, l.mode FROM pg_catalog.pg_locks l"
            + " WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
            + " AND l.relation >= 16384"
            + " AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())";

    /** A relation as the probe saw it. */
    public record Relation(String name, String kind, long fileNode) {
    }

    private final Map<Long, Relation> before;
    private final Set<String> seenLocks = new LinkedHashSet<>();
    private final Map<Integer, List<Seen>> locksByStatement = new HashMap<>();

    private record Seen(long oid, String mode) {
    }

    private RelationProbe(Map<Long, Relation> before) {
        this.before = before;
    }

    public static RelationProbe start(Connection connection) throws SQLException {
        return new RelationProbe(relations(connection));
    }

    /** Records the locks taken since the previous call as statement {@code statement}'s. */
    public void afterStatement(Connection connection, int statement) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(LOCKS)) {
            while (rows.next()) {
                long oid = rows.getLong(1);
                String mode = rows.getString(2);
                if (seenLocks.add(oid + "/" + mode)) {
                    locksByStatement.computeIfAbsent(statement, k -> new ArrayList<>()).add(new Seen(oid, mode));
                }
            }
        }
    }

    /** Locks are released when a transaction ends: the next transaction's are new again. */
    public void transactionEnded() {
        seenLocks.clear();
    }

    /** The impact, read at the end of the transaction (names of new relations come from the catalog then). */
    public Impact finish(Connection connection, List<LockTaken> documentedLocks) throws SQLException {
        Map<Long, Relation> after = relations(connection);
        List<LockTaken> locks = new ArrayList<>();
        locksByStatement.forEach((statement, seen) -> {
            for (Seen lock : seen) {
                Relation relation = before.containsKey(lock.oid()) ? before.get(lock.oid()) : after.get(lock.oid());
                if (relation != null) {
                    locks.add(new LockTaken(statement, relation.name(), relation.kind(), lock.mode(),
                            !before.containsKey(lock.oid()), true));
                }
            }
        });
        locks.addAll(documentedLocks);
        locks.sort(java.util.Comparator.comparingInt(LockTaken::statement).thenComparing(LockTaken::relation)
                .thenComparing(LockTaken::mode));
        Set<String> rewritten = new TreeSet<>();
        Set<String> indexes = new TreeSet<>();
        after.forEach((oid, relation) -> {
            Relation old = before.get(oid);
            boolean index = relation.kind().equals("index");
            if (old == null) {
                if (index) {
                    indexes.add(relation.name());
                }
            } else if (old.fileNode() != relation.fileNode() && relation.fileNode() != 0) {
                if (index) {
                    indexes.add(relation.name());
                } else if (!relation.kind().equals("sequence")) {
                    rewritten.add(relation.name());
                }
            }
        });
        return new Impact(locks, List.copyOf(rewritten), List.copyOf(indexes));
    }

    /** Relations that existed before the change set, by qualified name. */
    public boolean existedBefore(String qualifiedName) {
        return before.values().stream().anyMatch(r -> r.name().equals(qualifiedName));
    }

    private static Map<Long, Relation> relations(Connection connection) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(RELATIONS)) {
            while (rows.next()) {
                relations.put(rows.getLong(1), new Relation(Identifiers.qualified(rows.getString(2), rows.getString(3)),
                        kind(rows.getString(4)), rows.getLong(5)));
            }
        }
        return relations;
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "r" -> "table";
            case "p" -> "partitioned table";
            case "m" -> "materialized view";
            case "i", "I" -> "index";
            case "S" -> "sequence";
            case "v" -> "view";
            default -> "foreign table";
        };
    }
}
