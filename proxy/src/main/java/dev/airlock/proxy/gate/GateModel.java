package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.catalog.RelationInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One catalog and what has been proven about it: views are proven once per catalog and the result
 * is shared by every session. A catalog refresh makes a new model.
 */
final class GateModel {
    private final ProductionCatalog catalog;
    private final FunctionPolicy policy;
    private final Map<Long, Proof> views = new ConcurrentHashMap<>();
    private final Map<List<String>, NameResolver> resolvers = new ConcurrentHashMap<>();

    GateModel(ProductionCatalog catalog, FunctionPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    ProductionCatalog catalog() {
        return catalog;
    }

    FunctionPolicy policy() {
        return policy;
    }

    /** The resolver for a search path (pg_catalog first), shared by every session with that path. */
    NameResolver resolver(List<String> schemas) {
        return resolvers.computeIfAbsent(schemas, key -> new NameResolver(catalog, policy, key));
    }

    Proof proveView(RelationInfo view, int depth) {
        Proof known = views.get(view.oid());
        if (known != null) {
            return known;
        }
        Proof proof = ReadProver.proveStored(this, view.viewDefinition(), depth);
        views.put(view.oid(), proof);
        return proof;
    }
}
