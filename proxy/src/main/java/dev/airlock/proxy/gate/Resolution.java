package dev.airlock.proxy.gate;

import java.util.List;

/**
 * What a name can resolve to in a set of schemas: the qualified names of every candidate, and the
 * worst safety among them with the reason for it. Computed once per catalog and search path.
 */
record Resolution(List<String> candidates, FunctionSafety safety, String reason) {
    static final Resolution NONE = new Resolution(List.of(), FunctionSafety.SAFE, null);

    boolean isEmpty() {
        return candidates.isEmpty();
    }
}
