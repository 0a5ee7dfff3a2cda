package dev.airlock.sandbox.diff;

import java.util.Comparator;

/** Identifies one object across two snapshots: its kind and its qualified name (with arguments). */
public record ObjectKey(ObjectKind kind, String identity) implements Comparable<ObjectKey> {
    private static final Comparator<ObjectKey> ORDER =
            Comparator.comparing(ObjectKey::kind).thenComparing(ObjectKey::identity);

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind + " " + identity;
    }
}
