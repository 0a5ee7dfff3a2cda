package dev.airlock.sandbox.ddl;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.catalog.Extension;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A whole snapshot as one DDL script for an empty database, ordered by {@link Phase} (stable
 * within a phase). Roles and memberships are cluster-wide and are not part of it.
 */
public final class MirrorScript {
    private MirrorScript() {
    }

    /** @param extensionAllowed extensions the target server may install; the others are left out */
    public static List<DdlStatement> render(CatalogSnapshot snapshot, RoleNames roles, Predicate<Extension> extensionAllowed) {
        ObjectDdl objects = new ObjectDdl(roles);
        RelationDdl relations = new RelationDdl(roles);
        Map<String, Table> tablesByName = snapshot.tables().stream()
                .collect(Collectors.toMap(t -> Identifiers.qualified(t.schema(), t.name()), Function.identity()));
        List<DdlStatement> script = new ArrayList<>();
        snapshot.schemas().forEach(schema -> script.addAll(objects.schema(schema)));
        snapshot.extensions().stream().filter(extensionAllowed).forEach(e -> script.addAll(objects.extension(e)));
        snapshot.types().forEach(type -> script.addAll(objects.type(type)));
        snapshot.sequences().forEach(sequence -> script.addAll(objects.sequence(sequence)));
        snapshot.routines().forEach(routine -> script.addAll(objects.routine(routine)));
        snapshot.tables().stream()
                .sorted(Comparator.comparingInt(t -> depth(t, tablesByName)))
                .forEach(t -> script.addAll(relations.table(t, t.partitionOf() == null ? null : tablesByName.get(t.partitionOf()))));
        snapshot.operators().forEach(operator -> script.addAll(objects.operator(operator)));
        snapshot.views().forEach(view -> script.addAll(relations.view(view)));
        snapshot.defaultPrivileges().forEach(d -> script.addAll(objects.defaultPrivilege(d)));
        script.sort(Comparator.comparing(DdlStatement::phase));
        return script;
    }

    /** Inheritance depth, so that parents are created before their children. */
    private static int depth(Table table, Map<String, Table> tablesByName) {
        int depth = 0;
        List<String> parents = table.partitionOf() != null ? List.of(table.partitionOf()) : table.inherits();
        for (String parent : parents) {
            Table parentTable = tablesByName.get(parent);
            if (parentTable != null) {
                depth = Math.max(depth, 1 + depth(parentTable, tablesByName));
            }
        }
        return depth;
    }
}
