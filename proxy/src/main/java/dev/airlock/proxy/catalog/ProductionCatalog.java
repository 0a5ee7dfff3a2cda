package dev.airlock.proxy.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the gate knows of production's catalog: every function, operator, relation, user type and
 * keyword, indexed by name. Immutable; a refresh builds a new one. {@code fingerprint} changes
 * whenever anything the gate depends on changes, and keys the decision cache.
 */
public final class ProductionCatalog {
    /** Objects created by initdb have OIDs below this (PostgreSQL's FirstNormalObjectId). */
    public static final long FIRST_NORMAL_OBJECT_ID = 16384;

    private final Map<String, List<FunctionInfo>> functionsByName;
    private final Map<Long, FunctionInfo> functionsByOid;
    private final Map<String, List<OperatorInfo>> operatorsByName;
    private final Map<String, List<RelationInfo>> relationsByName;
    private final Map<String, List<TypeInfo>> typesByName;
    private final Map<String, KeywordCategory> keywords;
    private final Set<String> schemas;
    private final String roleName;
    private final List<String> defaultSearchPath;
    private final String fingerprint;

    public ProductionCatalog(Collection<FunctionInfo> functions, Collection<OperatorInfo> operators,
            Collection<RelationInfo> relations, Collection<TypeInfo> types, Map<String, KeywordCategory> keywords,
            Set<String> schemas, String roleName, List<String> defaultSearchPath, String fingerprint) {
        this.functionsByName = group(functions, FunctionInfo::name);
        this.functionsByOid = functions.stream().collect(Collectors.toUnmodifiableMap(FunctionInfo::oid, f -> f));
        this.operatorsByName = group(operators, OperatorInfo::name);
        this.relationsByName = group(relations, RelationInfo::name);
        this.typesByName = group(types, TypeInfo::name);
        this.keywords = Map.copyOf(keywords);
        this.schemas = Set.copyOf(schemas);
        this.roleName = roleName;
        this.defaultSearchPath = List.copyOf(defaultSearchPath);
        this.fingerprint = fingerprint;
    }

    private static <T> Map<String, List<T>> group(Collection<T> items, Function<T, String> name) {
        Map<String, List<T>> grouped = new HashMap<>();
        for (T item : items) {
            grouped.computeIfAbsent(name.apply(item), key -> new java.util.ArrayList<>()).add(item);
        }
        grouped.replaceAll((key, list) -> List.copyOf(list));
        return Map.copyOf(grouped);
    }

    public List<FunctionInfo> functionsNamed(String name) {
        return functionsByName.getOrDefault(name, List.of());
    }

    public FunctionInfo function(long oid) {
        return functionsByOid.get(oid);
    }

    public List<OperatorInfo> operatorsNamed(String name) {
        return operatorsByName.getOrDefault(name, List.of());
    }

    public List<RelationInfo> relationsNamed(String name) {
        return relationsByName.getOrDefault(name, List.of());
    }

    public List<TypeInfo> typesNamed(String name) {
        return typesByName.getOrDefault(name, List.of());
    }

    public KeywordCategory keyword(String word) {
        return keywords.get(word);
    }

    public boolean schemaExists(String schema) {
        return schemas.contains(schema);
    }

    /** The read-only role's name, which {@code "$user"} in a search_path stands for. */
    public String roleName() {
        return roleName;
    }

    /** The read-only role's search_path as a fresh session sees it, "$user" already expanded. */
    public List<String> defaultSearchPath() {
        return defaultSearchPath;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
