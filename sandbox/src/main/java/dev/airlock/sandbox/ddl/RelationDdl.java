package dev.airlock.sandbox.ddl;

import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.Constraint;
import dev.airlock.sandbox.catalog.Index;
import dev.airlock.sandbox.catalog.Policy;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.Rule;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.Trigger;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * DDL for tables and views and what hangs off them. Partitions are created as plain tables and
 * attached, as pg_dump does, so column order and names survive; keys of partitioned tables are
 * added ONLY to the parent and the partitions' own keys attached to them. Foreign keys and
 * triggers that PostgreSQL clones from a partitioned parent are left for it to clone.
 */
public final class RelationDdl {
    private final RoleNames roles;

    public RelationDdl(RoleNames roles) {
        this.roles = roles;
    }

    /** Everything that builds {@code table}; {@code parent} is its partitioned parent, if any. */
    public List<DdlStatement> table(Table table, Table parent) {
        List<DdlStatement> out = new ArrayList<>(tableItself(table));
        String name = Names.qualified(table.schema(), table.name());
        for (Column column : table.columns()) {
            out.addAll(columnExtras(table, column));
        }
        for (Constraint constraint : table.constraints()) {
            if (!clonedFromParent(constraint, parent)) {
                out.addAll(constraint(table, constraint));
            }
        }
        for (Index index : table.indexes()) {
            out.addAll(index(table.schema(), index));
        }
        for (Trigger trigger : table.triggers()) {
            if (parent == null || parent.triggers().stream().noneMatch(t -> t.name().equals(trigger.name()))) {
                out.addAll(trigger(name, trigger));
            }
        }
        table.rules().forEach(rule -> out.addAll(rule(name, rule)));
        table.policies().forEach(policy -> out.addAll(policy(name, policy)));
        return out;
    }

    /** CREATE TABLE with columns and valid checks, attachment, table-level settings, owner, ACL, comment. */
    public List<DdlStatement> tableItself(Table table) {
        String name = Names.qualified(table.schema(), table.name());
        StringJoiner elements = new StringJoiner(",\n    ", "(\n    ", "\n)");
        elements.setEmptyValue("()");
        table.columns().forEach(column -> elements.add(columnDefinition(column)));
        table.constraints().stream()
                .filter(c -> c.type().equals("CHECK") && c.validated())
                .forEach(c -> elements.add("CONSTRAINT " + Identifiers.quote(c.name()) + " " + c.definition()));
        StringBuilder create = new StringBuilder("CREATE ").append(table.unlogged() ? "UNLOGGED " : "")
                .append("TABLE ").append(name).append(' ').append(elements);
        if (!table.inherits().isEmpty()) {
            create.append("\nINHERITS (").append(String.join(", ", table.inherits())).append(')');
        }
        if (table.partitionKey() != null) {
            create.append("\nPARTITION BY ").append(table.partitionKey());
        }
        if (!table.options().isEmpty()) {
            create.append("\nWITH (").append(String.join(", ", table.options())).append(')');
        }
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.TABLES, name, create.toString()));
        if (table.partitionOf() != null) {
            out.add(new DdlStatement(Phase.PARTITIONS, name, "ALTER TABLE ONLY " + table.partitionOf()
                    + " ATTACH PARTITION " + name + " " + table.partitionBound()));
        }
        if (table.rowSecurity()) {
            out.add(new DdlStatement(Phase.TABLES, name, "ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY"));
        }
        if (table.forceRowSecurity()) {
            out.add(new DdlStatement(Phase.TABLES, name, "ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY"));
        }
        if (!table.replicaIdentity().equals("DEFAULT")) {
            Phase phase = table.replicaIdentity().startsWith("USING INDEX") ? Phase.INDEX_ATTACHMENTS : Phase.TABLES;
            out.add(new DdlStatement(phase, name, "ALTER TABLE " + name + " REPLICA IDENTITY " + table.replicaIdentity()));
        }
        String owner = roles.apply(table.owner());
        out.add(new DdlStatement(Phase.TABLES, name, "ALTER TABLE " + name + " OWNER TO " + Names.role(owner)));
        AclDdl.grants("TABLE " + name, table.acl(), owner, Privileges.TABLE, false, false, roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.TABLES, name, sql)));
        if (table.comment() != null) {
            out.add(new DdlStatement(Phase.TABLES, name, Names.comment("TABLE " + name, table.comment())));
        }
        return out;
    }

    /** A column on its own, as ALTER TABLE ... ADD COLUMN, for showing a change. */
    public List<DdlStatement> column(Table table, Column column) {
        String name = Names.qualified(table.schema(), table.name());
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.TABLES, name, "ALTER TABLE " + name + " ADD COLUMN " + columnDefinition(column)));
        out.addAll(columnExtras(table, column));
        return out;
    }

    private List<DdlStatement> columnExtras(Table table, Column column) {
        String name = Names.qualified(table.schema(), table.name());
        String quoted = Identifiers.quote(column.name());
        List<DdlStatement> out = new ArrayList<>();
        AclDdl.columnGrants(name, quoted, column.acl(), roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.TABLES, name, sql)));
        if (column.comment() != null) {
            out.add(new DdlStatement(Phase.TABLES, name, Names.comment("COLUMN " + name + "." + quoted, column.comment())));
        }
        return out;
    }

    private static String columnDefinition(Column column) {
        StringBuilder definition = new StringBuilder(Identifiers.quote(column.name())).append(' ').append(column.type());
        if (column.collation() != null) {
            definition.append(" COLLATE ").append(column.collation());
        }
        if (column.generated() != null) {
            definition.append(" GENERATED ALWAYS AS (").append(column.generated()).append(") STORED");
        }
        if (column.identity() != null) {
            definition.append(" GENERATED ").append(column.identity()).append(" AS IDENTITY");
        }
        if (column.defaultValue() != null) {
            definition.append(" DEFAULT ").append(column.defaultValue());
        }
        if (column.notNull()) {
            definition.append(" NOT NULL");
        }
        return definition.toString();
    }

    private static boolean clonedFromParent(Constraint constraint, Table parent) {
        return parent != null && !constraint.type().equals("PRIMARY KEY") && !constraint.type().equals("UNIQUE")
                && !constraint.type().equals("EXCLUDE")
                && parent.constraints().stream().anyMatch(p -> p.name().equals(constraint.name())
                && p.definition().equals(constraint.definition()));
    }

    /** A constraint added after the table: keys, foreign keys and checks that are NOT VALID. */
    public List<DdlStatement> constraint(Table table, Constraint constraint) {
        String name = Names.qualified(table.schema(), table.name());
        List<DdlStatement> out = new ArrayList<>();
        boolean inline = constraint.type().equals("CHECK") && constraint.validated();
        if (!inline) {
            boolean foreignKey = constraint.type().equals("FOREIGN KEY") || constraint.type().equals("CHECK");
            String only = foreignKey && table.partitioned() ? "" : "ONLY ";
            out.add(new DdlStatement(foreignKey ? Phase.FOREIGN_KEYS : Phase.KEYS, name, "ALTER TABLE " + only + name
                    + " ADD CONSTRAINT " + Identifiers.quote(constraint.name()) + " " + constraint.definition()));
        }
        if (constraint.comment() != null) {
            out.add(new DdlStatement(Phase.FOREIGN_KEYS, name, Names.comment(
                    "CONSTRAINT " + Identifiers.quote(constraint.name()) + " ON " + name, constraint.comment())));
        }
        return out;
    }

    /** A check constraint as it appears inside CREATE TABLE, for showing a change. */
    public static String inlineCheck(Constraint constraint) {
        return "CONSTRAINT " + Identifiers.quote(constraint.name()) + " " + constraint.definition();
    }

    public List<DdlStatement> index(String schema, Index index) {
        String name = Names.qualified(schema, index.name());
        List<DdlStatement> out = new ArrayList<>();
        if (index.constraint() == null) {
            out.add(new DdlStatement(Phase.INDEXES, name, index.definition()));
        }
        if (index.parentIndex() != null) {
            out.add(new DdlStatement(Phase.INDEX_ATTACHMENTS, name,
                    "ALTER INDEX " + index.parentIndex() + " ATTACH PARTITION " + name));
        }
        if (index.comment() != null) {
            out.add(new DdlStatement(Phase.INDEX_ATTACHMENTS, name, Names.comment("INDEX " + name, index.comment())));
        }
        return out;
    }

    public List<DdlStatement> trigger(String table, Trigger trigger) {
        String quoted = Identifiers.quote(trigger.name());
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table, Names.withoutSemicolon(trigger.definition())));
        String state = switch (trigger.enabled()) {
            case "D" -> "DISABLE TRIGGER ";
            case "R" -> "ENABLE REPLICA TRIGGER ";
            case "A" -> "ENABLE ALWAYS TRIGGER ";
            default -> null;
        };
        if (state != null) {
            out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table, "ALTER TABLE " + table + " " + state + quoted));
        }
        if (trigger.comment() != null) {
            out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table,
                    Names.comment("TRIGGER " + quoted + " ON " + table, trigger.comment())));
        }
        return out;
    }

    public List<DdlStatement> rule(String table, Rule rule) {
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table, Names.withoutSemicolon(rule.definition())));
        if (rule.comment() != null) {
            out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table,
                    Names.comment("RULE " + Identifiers.quote(rule.name()) + " ON " + table, rule.comment())));
        }
        return out;
    }

    public List<DdlStatement> policy(String table, Policy policy) {
        StringJoiner grantees = new StringJoiner(", ");
        policy.roles().forEach(role -> grantees.add(role.equals("PUBLIC") ? "PUBLIC" : Names.role(roles.apply(role))));
        StringBuilder sql = new StringBuilder("CREATE POLICY ").append(Identifiers.quote(policy.name()))
                .append(" ON ").append(table).append(" AS ").append(policy.permissive() ? "PERMISSIVE" : "RESTRICTIVE")
                .append(" FOR ").append(policy.command()).append(" TO ").append(grantees);
        if (policy.using() != null) {
            sql.append(" USING (").append(policy.using()).append(')');
        }
        if (policy.withCheck() != null) {
            sql.append(" WITH CHECK (").append(policy.withCheck()).append(')');
        }
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table, sql.toString()));
        if (policy.comment() != null) {
            out.add(new DdlStatement(Phase.TRIGGERS_RULES_POLICIES, table,
                    Names.comment("POLICY " + Identifiers.quote(policy.name()) + " ON " + table, policy.comment())));
        }
        return out;
    }

    /** Everything that builds a view or materialized view. */
    public List<DdlStatement> view(View view) {
        String name = Names.qualified(view.schema(), view.name());
        List<DdlStatement> out = new ArrayList<>(viewItself(view));
        view.columns().forEach(column -> out.addAll(viewColumn(view, column)));
        view.indexes().forEach(index -> out.addAll(index(view.schema(), index)));
        view.triggers().forEach(trigger -> out.addAll(trigger(name, trigger)));
        view.rules().forEach(rule -> out.addAll(rule(name, rule)));
        return out;
    }

    /** A view column's own settings: default, privileges, comment (its type follows from the query). */
    public List<DdlStatement> viewColumn(View view, View.ViewColumn column) {
        String name = Names.qualified(view.schema(), view.name());
        String kind = view.materialized() ? "MATERIALIZED VIEW " : "VIEW ";
        String quoted = Identifiers.quote(column.name());
        List<DdlStatement> out = new ArrayList<>();
        if (column.defaultValue() != null) {
            out.add(new DdlStatement(Phase.VIEWS, name, "ALTER " + kind + name + " ALTER COLUMN " + quoted
                    + " SET DEFAULT " + column.defaultValue()));
        }
        AclDdl.columnGrants(name, quoted, column.acl(), roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.VIEWS, name, sql)));
        if (column.comment() != null) {
            out.add(new DdlStatement(Phase.VIEWS, name, Names.comment("COLUMN " + name + "." + quoted, column.comment())));
        }
        return out;
    }

    public List<DdlStatement> viewItself(View view) {
        String name = Names.qualified(view.schema(), view.name());
        String kind = view.materialized() ? "MATERIALIZED VIEW " : "VIEW ";
        String options = view.options().isEmpty() ? "" : " WITH (" + String.join(", ", view.options()) + ")";
        String data = view.materialized() ? (view.populated() ? "\nWITH DATA" : "\nWITH NO DATA") : "";
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.VIEWS, name, "CREATE " + kind + name + options + " AS\n"
                + Names.withoutSemicolon(view.definition()) + data));
        String owner = roles.apply(view.owner());
        out.add(new DdlStatement(Phase.VIEWS, name, "ALTER " + kind + name + " OWNER TO " + Names.role(owner)));
        AclDdl.grants("TABLE " + name, view.acl(), owner, Privileges.TABLE, false, false, roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.VIEWS, name, sql)));
        if (view.comment() != null) {
            out.add(new DdlStatement(Phase.VIEWS, name, Names.comment(kind + name, view.comment())));
        }
        return out;
    }
}
