package dev.airlock.sandbox.diff;

import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.Constraint;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.Extension;
import dev.airlock.sandbox.catalog.Index;
import dev.airlock.sandbox.catalog.Operator;
import dev.airlock.sandbox.catalog.Policy;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Rule;
import dev.airlock.sandbox.catalog.Schema;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.Trigger;
import dev.airlock.sandbox.catalog.UnmodeledObject;
import dev.airlock.sandbox.catalog.UserType;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.ddl.DdlStatement;
import dev.airlock.sandbox.ddl.ObjectDdl;
import dev.airlock.sandbox.ddl.RelationDdl;
import dev.airlock.sandbox.ddl.RoleNames;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One flattened object as the DDL that would create it, for reading. A table or view is shown with
 * its columns (they are context lines in a diff when only the table itself changed).
 */
final class EntryDdl {
    private static final ObjectDdl OBJECTS = new ObjectDdl(RoleNames.AS_IS);
    private static final RelationDdl RELATIONS = new RelationDdl(RoleNames.AS_IS);

    private EntryDdl() {
    }

    static String render(CatalogEntry entry) {
        if (entry == null) {
            return "";
        }
        Object state = entry.state();
        if (state instanceof Role role) {
            return ObjectDdl.role(role) + ";\n";
        }
        if (state instanceof RoleMembership membership) {
            return ObjectDdl.membership(membership) + ";\n";
        }
        if (state instanceof UnmodeledObject object) {
            return "-- " + object.kind() + " " + object.identity() + " (not modelled)\n";
        }
        return join(statements(entry));
    }

    private static List<DdlStatement> statements(CatalogEntry entry) {
        Object state = entry.state();
        if (state instanceof Schema schema) {
            return OBJECTS.schema(schema);
        } else if (state instanceof Extension extension) {
            return OBJECTS.extension(extension);
        } else if (state instanceof UserType type) {
            return OBJECTS.type(type);
        } else if (state instanceof Sequence sequence) {
            return OBJECTS.sequence(sequence);
        } else if (state instanceof Routine routine) {
            return OBJECTS.routine(routine);
        } else if (state instanceof Operator operator) {
            return OBJECTS.operator(operator);
        } else if (state instanceof DefaultPrivilege privilege) {
            return OBJECTS.defaultPrivilege(privilege);
        } else if (state instanceof Table) {
            return RELATIONS.tableItself((Table) entry.parent());
        } else if (state instanceof View) {
            return RELATIONS.viewItself((View) entry.parent());
        } else if (state instanceof Column column) {
            return RELATIONS.column((Table) entry.parent(), column);
        } else if (state instanceof View.ViewColumn column) {
            List<DdlStatement> settings = RELATIONS.viewColumn((View) entry.parent(), column);
            return settings.isEmpty()
                    ? List.of(new DdlStatement(null, column.name(), "-- column " + Identifiers.quote(column.name())
                            + " " + column.type()))
                    : settings;
        } else if (state instanceof Constraint constraint) {
            Table table = (Table) entry.parent();
            List<DdlStatement> added = RELATIONS.constraint(table, constraint);
            return constraint.type().equals("CHECK") && constraint.validated()
                    ? List.of(new DdlStatement(null, entry.key().identity(), "ALTER TABLE "
                            + Identifiers.qualified(table.schema(), table.name()) + " ADD "
                            + RelationDdl.inlineCheck(constraint)))
                    : added;
        } else if (state instanceof Index index) {
            List<DdlStatement> statements = RELATIONS.index(schemaOf(entry.parent()), index);
            return index.constraint() == null ? statements
                    : List.of(new DdlStatement(null, index.name(), "-- index " + Identifiers.quote(index.name())
                            + " of constraint " + Identifiers.quote(index.constraint())));
        } else if (state instanceof Trigger trigger) {
            return RELATIONS.trigger(relationName(entry.parent()), trigger);
        } else if (state instanceof Rule rule) {
            return RELATIONS.rule(relationName(entry.parent()), rule);
        } else if (state instanceof Policy policy) {
            return RELATIONS.policy(relationName(entry.parent()), policy);
        }
        throw new IllegalArgumentException("no DDL for " + state.getClass().getSimpleName());
    }

    private static String schemaOf(Object relation) {
        return relation instanceof Table t ? t.schema() : ((View) relation).schema();
    }

    private static String relationName(Object relation) {
        return relation instanceof Table t ? Identifiers.qualified(t.schema(), t.name())
                : Identifiers.qualified(((View) relation).schema(), ((View) relation).name());
    }

    private static String join(List<DdlStatement> statements) {
        return statements.stream().map(s -> s.sql() + ";\n").collect(Collectors.joining());
    }
}
