package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.SearchPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gate must know about one client session: how the server lexes
 * ({@code standard_conforming_strings}), every schema the session's search_path has named (a
 * union, so a rolled-back SET only makes the gate stricter), and the prepared statements it has
 * created by name. Touched only from the session's event loop and the gate worker it hands work
 * to, one at a time.
 */
public final class SessionGateState {
    private volatile boolean standardConformingStrings = true;
    private volatile String cacheKey = "scs:";
    private final Set<String> addedSchemas = new LinkedHashSet<>();
    private final Map<String, Classification> prepared = new HashMap<>();

    public boolean standardConformingStrings() {
        return standardConformingStrings;
    }

    /** From ParameterStatus, which the server sends whenever the setting changes. */
    public synchronized void standardConformingStrings(boolean on) {
        this.standardConformingStrings = on;
        updateCacheKey();
    }

    /** The production role's default search_path and every schema the session has set since. */
    synchronized List<String> searchPath(List<String> defaultPath) {
        Set<String> all = new LinkedHashSet<>(defaultPath);
        all.addAll(addedSchemas);
        return new ArrayList<>(all);
    }

    synchronized void addSearchPath(List<String> schemas, String role) {
        for (String schema : schemas) {
            addedSchemas.add(schema.equals(SearchPaths.USER) ? role : schema);
        }
        updateCacheKey();
    }

    private void updateCacheKey() {
        cacheKey = (standardConformingStrings ? "scs:" : "noscs:") + String.join(",", addedSchemas);
    }

    /** A statement prepared by PREPARE (SQL) or Parse (protocol) under this name. */
    public synchronized void prepared(String name, Classification classification) {
        prepared.put(name, classification);
    }

    synchronized Classification preparedStatement(String name) {
        return prepared.get(name);
    }

    /** Whether a statement of this name exists and was proven read-only. */
    public synchronized boolean isPreparedRead(String name) {
        Classification classification = prepared.get(name);
        return classification != null && classification.kind() == StatementKind.READ;
    }

    public synchronized void deallocate(String name) {
        prepared.remove(name);
    }

    public synchronized void deallocateAll() {
        prepared.clear();
    }

    /** A key for cached decisions: two sessions with the same key get the same decisions. */
    String cacheKey() {
        return cacheKey;
    }
}
