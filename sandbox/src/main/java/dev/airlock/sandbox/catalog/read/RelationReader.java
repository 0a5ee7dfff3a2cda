package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.CompositeType;
import dev.airlock.sandbox.catalog.Constraint;
import dev.airlock.sandbox.catalog.DomainType;
import dev.airlock.sandbox.catalog.Index;
import dev.airlock.sandbox.catalog.Policy;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.Rule;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.Trigger;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.sql.Identifiers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables, views, materialized views and sequences with their columns, constraints, indexes,
 * triggers, rules and policies. Each kind of child is one query over the whole database, joined
 * to its relation here by OID.
 */
final class RelationReader {
    private static final Map<String, String> CONSTRAINT_TYPES = Map.of(
            "p", "PRIMARY KEY", "u", "UNIQUE", "f", "FOREIGN KEY", "c", "CHECK", "x", "EXCLUDE");
    private static final Map<String, String> POLICY_COMMANDS = Map.of(
            "*", "ALL", "r", "SELECT", "a", "INSERT", "w", "UPDATE", "d", "DELETE");

    private final ReadContext context;
    private final Map<Long, Relation> relations = new HashMap<>();
    private final Map<Long, List<Long>> parentsByChild = new HashMap<>();
    final List<Table> tables = new ArrayList<>();
    final List<View> views = new ArrayList<>();
    final List<Sequence> sequences = new ArrayList<>();
    final Map<Long, List<CompositeType.TypeAttribute>> compositeAttributes = new HashMap<>();
    final Map<Long, List<DomainType.DomainConstraint>> domainConstraints = new HashMap<>();

    /** One relation while its children are collected. */
    private static final class Relation {
        long oid;
        String schema;
        String name;
        String kind;
        long ownerOid;
        boolean unlogged;
        boolean defaultAcl;
        boolean rowSecurity;
        boolean forceRowSecurity;
        String replicaIdentity;
        List<String> options;
        boolean populated;
        String partitionKey;
        String partitionBound;
        String definition;
        boolean partition;
        final List<Long> parents = new ArrayList<>();
        final List<Column> columns = new ArrayList<>();
        final List<CompositeType.TypeAttribute> attributes = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();

        String qualified() {
            return Identifiers.qualified(schema, name);
        }
    }

    RelationReader(ReadContext context) {
        this.context = context;
    }

    void read() throws SQLException {
        readRelations();
        readColumns();
        readConstraints();
        readIndexes();
        readTriggers();
        readRules();
        readPolicies();
        readSequences();
        assemble();
    }

    private void readRelations() throws SQLException {
        context.query(CatalogQueries.RELATIONS, rs -> {
            Relation r = new Relation();
            r.oid = rs.getLong(1);
            if (context.inExtension("pg_class", r.oid)) {
                return;
            }
            r.schema = rs.getString(2);
            r.name = rs.getString(3);
            r.kind = rs.getString(4);
            r.ownerOid = rs.getLong(5);
            r.unlogged = "u".equals(rs.getString(6));
            r.defaultAcl = rs.getBoolean(7);
            r.rowSecurity = rs.getBoolean(8);
            r.forceRowSecurity = rs.getBoolean(9);
            r.replicaIdentity = rs.getString(10);
            r.options = rs.getTextArray(11).stream().sorted().toList();
            r.populated = rs.getBoolean(12);
            r.partitionKey = rs.getString(13);
            r.partitionBound = rs.getString(14);
            r.definition = rs.getString(15);
            r.partition = rs.getBoolean(16);
            context.addAcl("pg_class", r.oid, 0, rs.getTextArray(17));
            relations.put(r.oid, r);
        });
        context.query(CatalogQueries.INHERITANCE,
                rs -> parentsByChild.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)));
        relations.values().forEach(r -> r.parents.addAll(parentsByChild.getOrDefault(r.oid, List.of())));
    }

    private void readColumns() throws SQLException {
        List<Row> rows = new ArrayList<>(context.rows(CatalogQueries.COLUMNS));
        rows.sort(Comparator.comparingLong((Row rs) -> rs.getLong(1)).thenComparingInt(rs -> rs.getInt(2)));
        for (Row rs : rows) {
            Relation r = relations.get(rs.getLong(1));
            if (r == null) {
                continue;
            }
            int attnum = rs.getInt(2);
            String name = rs.getString(3);
            String type = rs.getString(4);
            String collation = rs.getString(9);
            if (r.kind.equals("c")) {
                r.attributes.add(new CompositeType.TypeAttribute(name, type, collation));
                continue;
            }
            String expression = rs.getString(6);
            String identity = switch (rs.getString(7)) {
                case "a" -> "ALWAYS";
                case "d" -> "BY DEFAULT";
                default -> null;
            };
            boolean generated = "s".equals(rs.getString(8));
            List<AclEntry> acl = null;
            if (!rs.isNull(10)) {
                context.addAcl("pg_attribute", r.oid, attnum, rs.getTextArray(10));
                acl = context.columnAcl(r.oid, attnum);
            }
            r.columns.add(new Column(name, type, rs.getBoolean(5), generated ? null : expression, identity,
                    generated ? expression : null, collation, acl, context.comment("pg_class", r.oid, attnum)));
        }
    }

    private void readConstraints() throws SQLException {
        context.query(CatalogQueries.CONSTRAINTS, rs -> {
            long oid = rs.getLong(1);
            String name = rs.getString(4);
            String definition = rs.getString(6);
            long domain = rs.getLong(3);
            if (domain != 0) {
                domainConstraints.computeIfAbsent(domain, k -> new ArrayList<>())
                        .add(new DomainType.DomainConstraint(name, definition));
                return;
            }
            Relation r = relations.get(rs.getLong(2));
            if (r != null) {
                r.constraints.add(new Constraint(name, CONSTRAINT_TYPES.get(rs.getString(5)), definition,
                        rs.getBoolean(7), context.comment("pg_constraint", oid)));
            }
        });
    }

    /** An index row, kept until every index name is known (a partition's index names its parent's). */
    private record IndexRow(long oid, long table, String name, String definition, boolean valid, String constraint) {
    }

    private void readIndexes() throws SQLException {
        List<IndexRow> rows = new ArrayList<>();
        context.query(CatalogQueries.INDEXES, rs -> rows.add(new IndexRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5), rs.getString(6))));
        Map<Long, String> indexNames = new HashMap<>();
        for (IndexRow row : rows) {
            Relation table = relations.get(row.table());
            if (table != null) {
                indexNames.put(row.oid(), Identifiers.qualified(table.schema, row.name()));
            }
        }
        for (IndexRow row : rows) {
            Relation table = relations.get(row.table());
            if (table == null || context.inExtension("pg_class", row.oid())) {
                continue;
            }
            List<Long> parents = parentsByChild.getOrDefault(row.oid(), List.of());
            table.indexes.add(new Index(row.name(), row.definition(), row.constraint(),
                    parents.isEmpty() ? null : indexNames.get(parents.get(0)), row.valid(),
                    context.comment("pg_class", row.oid())));
        }
    }

    private void readTriggers() throws SQLException {
        context.query(CatalogQueries.TRIGGERS, rs -> {
            Relation r = relations.get(rs.getLong(2));
            if (r != null) {
                r.triggers.add(new Trigger(rs.getString(3), rs.getString(4), rs.getString(5),
                        context.comment("pg_trigger", rs.getLong(1))));
            }
        });
    }

    private void readRules() throws SQLException {
        context.query(CatalogQueries.RULES, rs -> {
            Relation r = relations.get(rs.getLong(2));
            if (r != null) {
                r.rules.add(new Rule(rs.getString(3), rs.getString(4), context.comment("pg_rewrite", rs.getLong(1))));
            }
        });
    }

    private void readPolicies() throws SQLException {
        context.query(CatalogQueries.POLICIES, rs -> {
            Relation r = relations.get(rs.getLong(2));
            if (r == null) {
                return;
            }
            List<String> roles = rs.getTextArray(6).stream()
                    .map(role -> role.equals(AclEntry.PUBLIC) ? role : context.serverView.name(role))
                    .sorted().toList();
            r.policies.add(new Policy(rs.getString(3), POLICY_COMMANDS.get(rs.getString(4)), rs.getBoolean(5), roles,
                    rs.getString(7), rs.getString(8), context.comment("pg_policy", rs.getLong(1))));
        });
    }

    private void readSequences() throws SQLException {
        context.query(CatalogQueries.SEQUENCES, rs -> {
            Relation r = relations.get(rs.getLong(1));
            String owner = rs.getString(9);
            if (r == null || (owner != null && owner.startsWith("i "))) {
                return;
            }
            sequences.add(new Sequence(r.schema, r.name, context.role(r.ownerOid), rs.getString(2), rs.getLong(3),
                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8),
                    owner == null ? null : owner.substring(2),
                    r.defaultAcl ? null : context.acl("pg_class", r.oid, r.ownerOid, Privileges.SEQUENCE, false),
                    context.comment("pg_class", r.oid)));
        });
    }

    private void assemble() {
        for (Relation r : relations.values()) {
            switch (r.kind) {
                case "r", "p" -> tables.add(table(r));
                case "v", "m" -> views.add(view(r));
                case "c" -> compositeAttributes.put(r.oid, List.copyOf(r.attributes));
                default -> {
                    // sequences were read above
                }
            }
        }
    }

    private Table table(Relation r) {
        List<String> parents = r.parents.stream().map(p -> relations.get(p).qualified()).toList();
        return new Table(r.schema, r.name, r.kind.equals("p"), context.role(r.ownerOid), r.unlogged,
                List.copyOf(r.columns), r.partitionKey, r.partition ? parents.get(0) : null, r.partitionBound,
                r.partition ? List.of() : parents, r.options, r.rowSecurity, r.forceRowSecurity, r.replicaIdentity,
                byName(r.constraints, Constraint::name), byName(r.indexes, Index::name),
                byName(r.triggers, Trigger::name), byName(r.rules, Rule::name), byName(r.policies, Policy::name),
                r.defaultAcl ? null : context.acl("pg_class", r.oid, r.ownerOid, Privileges.TABLE, false),
                context.comment("pg_class", r.oid));
    }

    private View view(Relation r) {
        List<View.ViewColumn> columns = r.columns.stream()
                .map(c -> new View.ViewColumn(c.name(), c.type(), c.defaultValue(), c.acl(), c.comment()))
                .toList();
        return new View(r.schema, r.name, r.kind.equals("m"), context.role(r.ownerOid), r.definition, r.options,
                r.kind.equals("m") && r.populated, columns, byName(r.indexes, Index::name),
                byName(r.triggers, Trigger::name), byName(r.rules, Rule::name),
                r.defaultAcl ? null : context.acl("pg_class", r.oid, r.ownerOid, Privileges.TABLE, false),
                context.comment("pg_class", r.oid));
    }

    private static <T> List<T> byName(List<T> items, java.util.function.Function<T, String> name) {
        return items.stream().sorted(Comparator.comparing(name)).toList();
    }
}
