package dev.airlock.sandbox.diff;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return between(CatalogObjects.flatten(before), CatalogObjects.flatten(after));
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
