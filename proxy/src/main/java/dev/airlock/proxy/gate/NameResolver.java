package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.FunctionInfo;
import dev.airlock.proxy.catalog.OperatorInfo;
import dev.airlock.proxy.catalog.ProductionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Resolves function and operator names the way the read prover needs: every candidate in the
 * given schemas, and the worst of them. Results depend only on the catalog and the schemas, so
 * they are memoised; a statement that calls {@code count} or compares with {@code =} does not walk
 * pg_catalog's dozens of candidates each time.
 */
final class NameResolver {
    private final ProductionCatalog catalog;
    private final FunctionPolicy policy;
    private final List<String> schemas;
    private final Map<String, Resolution> functions = new ConcurrentHashMap<>();
    private final Map<String, Resolution> oneArgumentFunctions = new ConcurrentHashMap<>();
    private final Map<String, Resolution> operators = new ConcurrentHashMap<>();

    NameResolver(ProductionCatalog catalog, FunctionPolicy policy, List<String> schemas) {
        this.catalog = catalog;
        this.policy = policy;
        this.schemas = List.copyOf(schemas);
    }

    List<String> schemas() {
        return schemas;
    }

    /** Functions called {@code name} in the search path, or in {@code schema} when it is given. */
    Resolution functions(String schema, String name) {
        String key = schema == null ? name : schema + '\u0000' + name;
        return functions.computeIfAbsent(key, k -> resolveFunctions(name,
                function -> schema == null ? schemas.contains(function.schema()) : function.schema().equals(schema)));
    }

    /** One-argument functions called {@code name}: what {@code row.name} would call. */
    Resolution oneArgumentFunctions(String name) {
        return oneArgumentFunctions.computeIfAbsent(name, k -> resolveFunctions(name,
                function -> function.argumentCount() == 1 && schemas.contains(function.schema())));
    }

    private Resolution resolveFunctions(String name, Predicate<FunctionInfo> inScope) {
        List<String> candidates = new ArrayList<>();
        FunctionSafety worst = FunctionSafety.SAFE;
        String reason = null;
        for (FunctionInfo function : catalog.functionsNamed(name)) {
            if (!inScope.test(function)) {
                continue;
            }
            candidates.add(function.qualifiedName());
            FunctionSafety safety = policy.safety(function);
            if (safety.ordinal() > worst.ordinal()) {
                worst = safety;
                reason = "calls " + function.qualifiedName() + "()" + describe(function, safety);
            }
        }
        return candidates.isEmpty() ? Resolution.NONE : new Resolution(List.copyOf(candidates), worst, reason);
    }

    /** Operators called {@code name} in the search path, or in {@code schema} when it is given. */
    Resolution operators(String schema, String name) {
        String key = schema == null ? name : schema + '\u0000' + name;
        return operators.computeIfAbsent(key, k -> resolveOperators(schema, name));
    }

    private Resolution resolveOperators(String schema, String name) {
        List<String> candidates = new ArrayList<>();
        FunctionSafety worst = FunctionSafety.SAFE;
        String reason = null;
        for (OperatorInfo operator : catalog.operatorsNamed(name)) {
            if (schema == null ? !schemas.contains(operator.schema()) : !operator.schema().equals(schema)) {
                continue;
            }
            String qualified = operator.schema() + "." + name;
            if (!candidates.contains(qualified)) {
                candidates.add(qualified);
            }
            FunctionInfo function = catalog.function(operator.functionOid());
            FunctionSafety safety = function == null ? FunctionSafety.CHANGE : policy.safety(function);
            if (safety.ordinal() > worst.ordinal()) {
                worst = safety;
                reason = function == null
                        ? "uses operator " + qualified + ", whose function Airlock cannot see"
                        : "uses operator " + qualified + ", implemented by " + function.qualifiedName() + "()" + describe(function, safety);
            }
        }
        return candidates.isEmpty() ? Resolution.NONE : new Resolution(List.copyOf(candidates), worst, reason);
    }

    static String describe(FunctionInfo function, FunctionSafety safety) {
        if (safety == FunctionSafety.FORBIDDEN) {
            return ", which reaches outside the database or other sessions";
        }
        if (function.builtIn()) {
            return ", which can change data or state";
        }
        return ", a " + (function.extension() != null ? "function of extension " + function.extension() : "user-defined function")
                + " that is not known to be free of side effects";
    }
}
