package dev.airlock.sandbox.diff;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.Constraint;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.Index;
import dev.airlock.sandbox.catalog.Operator;
import dev.airlock.sandbox.catalog.Policy;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Rule;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.Trigger;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a snapshot into one entry per object, tables and views split from their columns,
 * constraints, indexes, triggers, rules and policies, so that a diff names exactly what changed.
 */
public final class CatalogObjects {
    private CatalogObjects() {
    }

    public static Map<ObjectKey, CatalogEntry> flatten(CatalogSnapshot snapshot) {
        return flatten(snapshot, Set.of());
    }

    /** Flattens all but the tables and views named in {@code skipped} (qualified names). */
    public static Map<ObjectKey, CatalogEntry> flatten(CatalogSnapshot snapshot, Set<String> skipped) {
        Map<ObjectKey, CatalogEntry> entries = new HashMap<>();
        snapshot.roles().forEach(r -> put(entries, ObjectKind.ROLE, r.name(), r, null));
        snapshot.memberships().forEach(m -> put(entries, ObjectKind.ROLE_MEMBERSHIP, m.role() + " > " + m.member(), m, null));
        snapshot.schemas().forEach(s -> put(entries, ObjectKind.SCHEMA, Identifiers.quote(s.name()), s, null));
        snapshot.extensions().forEach(e -> put(entries, ObjectKind.EXTENSION, e.name(), e, null));
        snapshot.types().forEach(t -> put(entries, ObjectKind.TYPE, Identifiers.qualified(t.schema(), t.name()), t, null));
        snapshot.sequences().forEach(s -> put(entries, ObjectKind.SEQUENCE, Identifiers.qualified(s.schema(), s.name()), s, null));
        snapshot.tables().stream().filter(t -> !skipped.contains(Identifiers.qualified(t.schema(), t.name())))
                .forEach(t -> table(entries, t));
        snapshot.views().stream().filter(v -> !skipped.contains(Identifiers.qualified(v.schema(), v.name())))
                .forEach(v -> view(entries, v));
        snapshot.routines().forEach(r -> put(entries, routineKind(r), Identifiers.qualified(r.schema(), r.name())
                + "(" + r.arguments() + ")", r, null));
        snapshot.operators().forEach(o -> put(entries, ObjectKind.OPERATOR, operatorIdentity(o), o, null));
        snapshot.defaultPrivileges().forEach(d -> put(entries, ObjectKind.DEFAULT_PRIVILEGES, defaultsIdentity(d), d, null));
        snapshot.unmodeled().forEach(u -> put(entries, ObjectKind.UNMODELED_OBJECT, u.kind() + " " + u.identity(), u, null));
        return entries;
    }

    private static void table(Map<ObjectKey, CatalogEntry> entries, Table table) {
        String name = Identifiers.qualified(table.schema(), table.name());
        put(entries, ObjectKind.TABLE, name, table.shallow(), table);
        for (Column column : table.columns()) {
            put(entries, ObjectKind.COLUMN, name + "." + Identifiers.quote(column.name()), column, table);
        }
        for (Constraint constraint : table.constraints()) {
            put(entries, ObjectKind.CONSTRAINT, name + "." + Identifiers.quote(constraint.name()), constraint, table);
        }
        children(entries, table.schema(), name, table.indexes(), table.triggers(), table.rules(), table);
        for (Policy policy : table.policies()) {
            put(entries, ObjectKind.POLICY, name + "." + Identifiers.quote(policy.name()), policy, table);
        }
    }

    private static void view(Map<ObjectKey, CatalogEntry> entries, View view) {
        String name = Identifiers.qualified(view.schema(), view.name());
        put(entries, ObjectKind.VIEW, name, view.shallow(), view);
        for (View.ViewColumn column : view.columns()) {
            put(entries, ObjectKind.VIEW_COLUMN, name + "." + Identifiers.quote(column.name()), column, view);
        }
        children(entries, view.schema(), name, view.indexes(), view.triggers(), view.rules(), view);
    }

    private static void children(Map<ObjectKey, CatalogEntry> entries, String schema, String relation,
                                 List<Index> indexes, List<Trigger> triggers, List<Rule> rules, Object parent) {
        indexes.forEach(i -> put(entries, ObjectKind.INDEX, Identifiers.qualified(schema, i.name()), i, parent));
        triggers.forEach(t -> put(entries, ObjectKind.TRIGGER, relation + "." + Identifiers.quote(t.name()), t, parent));
        rules.forEach(r -> put(entries, ObjectKind.RULE, relation + "." + Identifiers.quote(r.name()), r, parent));
    }

    private static ObjectKind routineKind(Routine routine) {
        return switch (routine.kind()) {
            case Routine.PROCEDURE -> ObjectKind.PROCEDURE;
            case Routine.AGGREGATE -> ObjectKind.AGGREGATE;
            default -> ObjectKind.FUNCTION;
        };
    }

    static String operatorIdentity(Operator operator) {
        return Identifiers.quote(operator.schema()) + "." + operator.name() + "("
                + (operator.leftType() == null ? "NONE" : operator.leftType()) + ", "
                + (operator.rightType() == null ? "NONE" : operator.rightType()) + ")";
    }

    static String defaultsIdentity(DefaultPrivilege privileges) {
        return "for role " + privileges.role() + (privileges.schema() == null ? "" : " in schema " + privileges.schema())
                + " on " + privileges.objectType();
    }

    /** The qualified name of the table or view an entry belongs to, or null for a top-level object. */
    static String parentName(CatalogEntry entry) {
        if (entry.parent() == null || entry.parent() == entry.state()) {
            return null;
        }
        if (entry.parent() instanceof Table table) {
            return entry.state() instanceof Table ? null : Identifiers.qualified(table.schema(), table.name());
        }
        View view = (View) entry.parent();
        return entry.state() instanceof View ? null : Identifiers.qualified(view.schema(), view.name());
    }

    private static void put(Map<ObjectKey, CatalogEntry> entries, ObjectKind kind, String identity, Object state,
                            Object parent) {
        ObjectKey key = new ObjectKey(kind, identity);
        entries.put(key, new CatalogEntry(key, state, parent));
    }
}
