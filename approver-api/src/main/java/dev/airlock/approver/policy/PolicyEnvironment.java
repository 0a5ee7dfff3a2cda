package dev.airlock.approver.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environments policy conditions are compiled in. Every variable is declared with a
 * struct type ({@code airlock.Identity}, {@code airlock.Statement}, ...) whose fields are listed
 * here, so a misspelt field, a string compared with an int or a condition that is not boolean is
 * refused when the file is loaded, not when a statement arrives. Statement rules see
 * {@code identity}, {@code task}, {@code statement}, {@code now} and {@code tags}; approval rules
 * see those and {@code change}. At run time the values are plain maps ({@link ContextValues}); the
 * declared types exist only for the checker.
 *
 * <p>One function is Airlock's own: {@code covers(patterns, name)} is true when a pattern names the
 * qualified object {@code name} exactly or is {@code schema.*} for its schema. The unknown write
 * target {@code "*"} is covered by nothing, so a statement whose targets the gate could not tell
 * never counts as in scope.
 */
final class PolicyEnvironment {
    private static final CelType STRINGS = ListType.create(SimpleType.STRING);

    private static final StructType IDENTITY = struct("airlock.Identity", Map.of(
            "name", SimpleType.STRING, "kind", SimpleType.STRING, "owner", SimpleType.STRING));
    private static final StructType SCOPE = struct("airlock.Scope", Map.of(
            "read_schemas", STRINGS, "read_tables", STRINGS, "change_tables", STRINGS, "statement_kinds", STRINGS));
    private static final StructType TASK = struct("airlock.Task", Map.of(
            "id", SimpleType.STRING, "intent", SimpleType.STRING, "scope", SCOPE));
    private static final StructType STATEMENT = struct("airlock.Statement", Map.of(
            "kind", SimpleType.STRING, "command", SimpleType.STRING, "text_sha256", SimpleType.STRING,
            "reads", STRINGS, "writes", STRINGS, "functions", STRINGS));
    private static final StructType LINT = struct("airlock.Lint", Map.of(
            "code", SimpleType.STRING, "risk", SimpleType.STRING));
    private static final StructType SCHEMA_CHANGE = struct("airlock.SchemaChange", Map.of(
            "kind", SimpleType.STRING, "name", SimpleType.STRING, "change", SimpleType.STRING));
    private static final StructType ACCESS_CHANGE = struct("airlock.AccessChange", Map.of(
            "role", SimpleType.STRING, "privilege", SimpleType.STRING, "object", SimpleType.STRING,
            "gained", SimpleType.BOOL));
    private static final StructType CHANGE = struct("airlock.Change", Map.of(
            "risk", SimpleType.STRING,
            "lints", ListType.create(LINT),
            "schema_changes", ListType.create(SCHEMA_CHANGE),
            "access_changes", ListType.create(ACCESS_CHANGE),
            "tables_rewritten", STRINGS,
            "affected_rows", NullableType.create(SimpleType.INT)));
    private static final List<StructType> TYPES =
            List.of(IDENTITY, SCOPE, TASK, STATEMENT, LINT, SCHEMA_CHANGE, ACCESS_CHANGE, CHANGE);

    static final Cel STATEMENT_RULES = build(false);
    static final Cel APPROVAL_RULES = build(true);

    private PolicyEnvironment() {
    }

    private static Cel build(boolean withChange) {
        var builder = CelFactory.standardCelBuilder()
                .setTypeProvider(new Types())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL)
                .addVar("identity", IDENTITY)
                .addVar("task", TASK)
                .addVar("statement", STATEMENT)
                .addVar("now", SimpleType.TIMESTAMP)
                .addVar("tags", MapType.create(SimpleType.STRING, STRINGS))
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("covers",
                        CelOverloadDecl.newGlobalOverload("covers_list_string", SimpleType.BOOL, STRINGS, SimpleType.STRING)))
                .addFunctionBindings(CelFunctionBinding.from("covers_list_string", List.class, String.class,
                        (patterns, name) -> ScopePatterns.covers(patterns, name)));
        if (withChange) {
            builder.addVar("change", CHANGE);
        }
        return builder.build();
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        Map<String, CelType> ordered = new LinkedHashMap<>(fields);
        return StructType.create(name, ImmutableSet.copyOf(ordered.keySet()), field -> Optional.ofNullable(ordered.get(field)));
    }

    /** Makes the struct types above known to the checker by name. */
    private static final class Types implements CelTypeProvider {
        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.copyOf(TYPES);
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return TYPES.stream().filter(type -> type.name().equals(typeName)).map(CelType.class::cast).findFirst();
        }
    }
}
