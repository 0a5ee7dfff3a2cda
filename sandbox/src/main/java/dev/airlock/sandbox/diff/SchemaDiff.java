package dev.airlock.sandbox.diff;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The structured difference between two snapshots: every object added, removed or changed, in
 * kind-then-name order. Comparison is of immutable records, so it is in memory and linear in the
 * number of objects; DDL is rendered only for the objects that differ.
 */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    public static List<ObjectChange> between(CatalogSnapshot before, CatalogSnapshot after) {
        Set<String> unchanged = unchangedRelations(before, after);
        return between(CatalogObjects.flatten(before, unchanged), CatalogObjects.flatten(after, unchanged));
    }

    /**
     * Tables and views equal in both snapshots, found by comparing whole records, so that only the
     * relations that changed are split into their parts.
     */
    static Set<String> unchangedRelations(CatalogSnapshot before, CatalogSnapshot after) {
        Set<String> unchanged = new HashSet<>();
        Map<String, Object> old = new HashMap<>();
        before.tables().forEach(t -> old.put(Identifiers.qualified(t.schema(), t.name()), t));
        before.views().forEach(v -> old.put(Identifiers.qualified(v.schema(), v.name()), v));
        after.tables().forEach(t -> keepIfEqual(unchanged, old, Identifiers.qualified(t.schema(), t.name()), t));
        after.views().forEach(v -> keepIfEqual(unchanged, old, Identifiers.qualified(v.schema(), v.name()), v));
        return unchanged;
    }

    private static void keepIfEqual(Set<String> unchanged, Map<String, Object> old, String name, Object relation) {
        if (relation.equals(old.get(name))) {
            unchanged.add(name);
        }
    }

    public static List<ObjectChange> between(Map<ObjectKey, CatalogEntry> before, Map<ObjectKey, CatalogEntry> after) {
        TreeSet<ObjectKey> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<ObjectChange> changes = new ArrayList<>();
        for (ObjectKey key : keys) {
            CatalogEntry old = before.get(key);
            CatalogEntry now = after.get(key);
            if (old != null && now != null && old.state().equals(now.state())) {
                continue;
            }
            ObjectChange.Change change = old == null ? ObjectChange.Change.ADDED
                    : now == null ? ObjectChange.Change.REMOVED : ObjectChange.Change.CHANGED;
            String ddlBefore = EntryDdl.render(old);
            String ddlAfter = EntryDdl.render(now);
            CatalogEntry either = now != null ? now : old;
            changes.add(new ObjectChange(key.kind(), key.identity(), CatalogObjects.parentName(either), change,
                    old == null ? null : old.state(),
                    now == null ? null : now.state(), ddlBefore, ddlAfter, UnifiedDiff.of(ddlBefore, ddlAfter)));
        }
        return changes;
    }
}
