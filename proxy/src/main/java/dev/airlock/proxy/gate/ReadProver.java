package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.FunctionInfo;
import dev.airlock.proxy.catalog.KeywordCategory;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.catalog.RelationInfo;
import dev.airlock.proxy.catalog.TypeInfo;
import dev.airlock.proxy.lexer.Lexer;
import dev.airlock.proxy.lexer.LexException;
import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves a query read-only from its tokens and production's catalog, without trusting any parser
 * to have understood the query. It over-approximates: every name is looked up as a function (when
 * a parenthesis follows, or in {@code row.function} notation), as a relation and as a type, and
 * every operator symbol as an operator, in every schema the session could resolve it in. Then:
 *
 * <ul>
 *   <li>every function or operator that a name could resolve to must be safe by
 *       {@link FunctionPolicy}: a user-defined function that shadows a built-in name makes the
 *       statement unproved, whichever one PostgreSQL would pick;</li>
 *   <li>a view is proven through its definition, a table with row-level security through its
 *       read policies, a domain through its CHECK expressions; foreign tables are not proved;</li>
 *   <li>{@code FOR UPDATE/SHARE}, {@code INTO} and any INSERT, UPDATE, DELETE or MERGE (writable
 *       CTEs) make the query a change, except when it is only planned (EXPLAIN without ANALYZE);
 *       then the planner's own evaluations are checked instead: defaults, rules, policies.</li>
 * </ul>
 */
final class ReadProver {
    private static final int MAX_DEPTH = 16;
    private static final String PG_CATALOG = "pg_catalog";
    /** Operators that SQL syntax looks up by name: LIKE, BETWEEN, IN, CASE, NULLIF, IS DISTINCT FROM... */
    private static final List<String> IMPLICIT_OPERATORS = List.of("=", "<>", "<", ">", "<=", ">=", "~~", "!~~",
            "~~*", "!~~*", "~", "!~");
    private static final Set<String> DATA_MODIFYING = Set.of("insert", "update", "delete", "merge");
    private static final Set<String> ROW_LOCK_STRENGTHS = Set.of("update", "share", "no", "key");

    private final GateModel model;
    private final NameResolver resolver;
    private final List<String> schemas;
    private final boolean planOnly;
    private final int depth;
    private final Proof proof = new Proof();

    private ReadProver(GateModel model, List<String> searchPath, boolean planOnly, int depth) {
        this.model = model;
        this.resolver = model.resolver(withCatalogSchema(searchPath));
        this.schemas = resolver.schemas();
        this.planOnly = planOnly;
        this.depth = depth;
    }

    /** Proves a query the session runs, with the session's search_path. */
    static Proof prove(GateModel model, List<Token> tokens, List<String> searchPath, boolean planOnly) {
        ReadProver prover = new ReadProver(model, searchPath, planOnly, 0);
        prover.scan(tokens);
        return prover.proof;
    }

    /** Proves SQL text stored in the catalog (a view, a policy, a default), as production deparsed it. */
    static Proof proveStored(GateModel model, String sql, int depth) {
        ReadProver prover = new ReadProver(model, model.catalog().defaultSearchPath(), false, depth);
        if (depth > MAX_DEPTH) {
            prover.proof.change("nests views or policies too deeply to prove");
            return prover.proof;
        }
        try {
            prover.scan(Lexer.tokenize(sql, true));
        } catch (LexException e) {
            prover.proof.change("has a definition Airlock cannot read: " + e.getMessage());
        }
        return prover.proof;
    }

    private static List<String> withCatalogSchema(List<String> searchPath) {
        List<String> all = new ArrayList<>();
        all.add(PG_CATALOG);
        for (String schema : searchPath) {
            if (!all.contains(schema)) {
                all.add(schema);
            }
        }
        return all;
    }

    private ProductionCatalog catalog() {
        return model.catalog();
    }

    private void scan(List<Token> tokens) {
        checkKeywords(tokens);
        checkNames(tokens);
        checkOperators(tokens);
    }

    private void checkKeywords(List<Token> tokens) {
        if (planOnly) {
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() != TokenType.IDENTIFIER || isQualifiedPart(tokens, i)) {
                continue;
            }
            String word = token.value();
            if (word.equals("for") && i + 1 < tokens.size() && tokens.get(i + 1).type() == TokenType.IDENTIFIER
                    && ROW_LOCK_STRENGTHS.contains(tokens.get(i + 1).value())) {
                proof.change("takes row locks (FOR UPDATE/SHARE), which writes to every locked row");
            } else if (DATA_MODIFYING.contains(word)) {
                proof.change("contains a data-modifying " + word.toUpperCase(java.util.Locale.ROOT));
            } else if (word.equals("into")) {
                proof.schemaChange("uses INTO, which creates a table");
            }
        }
    }

    /** True when the token is the object or column part of a dotted name ({@code t.update}). */
    private static boolean isQualifiedPart(List<Token> tokens, int i) {
        return i > 0 && tokens.get(i - 1).isPunctuation('.');
    }

    private void checkNames(List<Token> tokens) {
        int i = 0;
        while (i < tokens.size()) {
            if (!tokens.get(i).isName() || isQualifiedPart(tokens, i)) {
                i++;
                continue;
            }
            List<String> parts = new ArrayList<>();
            int end = i;
            parts.add(tokens.get(i).value());
            while (end + 2 < tokens.size() && tokens.get(end + 1).isPunctuation('.') && tokens.get(end + 2).isName()) {
                end += 2;
                parts.add(tokens.get(end).value());
            }
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            boolean call = end + 1 < tokens.size() && tokens.get(end + 1).isPunctuation('(');
            if (isOperatorSyntax(tokens.get(i), call)) {
                i = end + 1;
                continue;
            }
            if (call) {
                checkCall(tokens, i, end, parts, previous);
            } else if (parts.size() >= 2) {
                checkAttributeNotation(parts.get(parts.size() - 1));
            }
            checkRelations(parts, previous, tokens.get(i).type() == TokenType.IDENTIFIER);
            checkTypes(parts);
            i = end + 1;
        }
    }

    /** {@code OPERATOR(schema.op)} is checked as an operator, not as a call. */
    private static boolean isOperatorSyntax(Token token, boolean call) {
        return call && token.isWord("operator");
    }

    private void checkCall(List<Token> tokens, int start, int end, List<String> parts, Token previous) {
        String name = parts.get(parts.size() - 1);
        boolean qualified = parts.size() >= 2;
        Token nameToken = tokens.get(end);
        if (!qualified && nameToken.type() == TokenType.IDENTIFIER && isSyntaxKeyword(name)) {
            return;
        }
        if (previous != null && (previous.type() == TokenType.TYPECAST || previous.isWord("as"))) {
            return;
        }
        Resolution candidates = resolver.functions(qualified ? parts.get(parts.size() - 2) : null, name);
        if (candidates.isEmpty()) {
            boolean syntax = !qualified && nameToken.type() == TokenType.IDENTIFIER && catalog().keyword(name) != null;
            if (!syntax && !isColumnListPosition(tokens, start, previous)) {
                proof.change("calls " + displayName(parts) + "(), which production's catalog does not have");
            }
            return;
        }
        record(candidates, proof.functions());
    }

    private void record(Resolution resolution, java.util.Set<String> names) {
        names.addAll(resolution.candidates());
        if (resolution.safety() != FunctionSafety.SAFE) {
            proof.raise(resolution.safety(), resolution.reason());
        }
    }

    private boolean isSyntaxKeyword(String word) {
        KeywordCategory category = catalog().keyword(word);
        return category == KeywordCategory.RESERVED || category == KeywordCategory.COLUMN_NAME;
    }

    /**
     * Whether {@code name(...)} is a column list rather than a call: a table alias
     * ({@code FROM f() g(i)}, {@code FROM t x(a)}), a CTE ({@code WITH d(x) AS}) or an INSERT target.
     * Only names that are no function at all reach this test.
     */
    private boolean isColumnListPosition(List<Token> tokens, int start, Token previous) {
        if (previous == null) {
            return false;
        }
        if (previous.isPunctuation(')') || previous.isWord("into") || previous.isWord("with")
                || previous.isWord("recursive")) {
            return true;
        }
        if (previous.isPunctuation(',')) {
            return followedByAsAfterParentheses(tokens, start);
        }
        return previous.type() == TokenType.QUOTED_IDENTIFIER
                || previous.type() == TokenType.IDENTIFIER && !isSyntaxKeyword(previous.value())
                && catalog().keyword(previous.value()) == null;
    }

    private static boolean followedByAsAfterParentheses(List<Token> tokens, int nameIndex) {
        int depth = 0;
        for (int j = nameIndex + 1; j < tokens.size(); j++) {
            if (tokens.get(j).isPunctuation('(')) {
                depth++;
            } else if (tokens.get(j).isPunctuation(')') && --depth == 0) {
                return j + 1 < tokens.size() && tokens.get(j + 1).isWord("as");
            }
        }
        return false;
    }

    /** {@code row.f} calls {@code f(row)}: one-argument functions of that name count as calls. */
    private void checkAttributeNotation(String name) {
        Resolution oneArgument = resolver.oneArgumentFunctions(name);
        if (!oneArgument.isEmpty()) {
            record(oneArgument, proof.functions());
        }
    }

    private void checkFunction(FunctionInfo function) {
        proof.functions().add(function.qualifiedName());
        FunctionSafety safety = model.policy().safety(function);
        if (safety != FunctionSafety.SAFE) {
            proof.raise(safety, "calls " + function.qualifiedName() + "()" + NameResolver.describe(function, safety));
        }
    }

    private void checkRelations(List<String> parts, Token previous, boolean unquotedFirst) {
        Set<RelationInfo> found = new LinkedHashSet<>();
        for (int k = 0; k < parts.size(); k++) {
            for (RelationInfo relation : catalog().relationsNamed(parts.get(k))) {
                if (schemas.contains(relation.schema())) {
                    found.add(relation);
                }
                if (k > 0 && relation.schema().equals(parts.get(k - 1))) {
                    found.add(relation);
                }
            }
        }
        found.forEach(this::checkRelation);
    }

    private void checkRelation(RelationInfo relation) {
        proof.reads().add(relation.qualifiedName());
        if (relation.builtIn()) {
            return;
        }
        if (relation.isForeignTable()) {
            proof.change("reads foreign table " + relation.qualifiedName() + "; reads from other servers are not proved");
        }
        if (relation.isView() && relation.viewDefinition() != null) {
            proof.include(model.proveView(relation, depth + 1), "reads view " + relation.qualifiedName());
        }
        if (relation.rowSecurity()) {
            for (String policy : relation.readPolicies()) {
                proof.include(proveStored(model, "SELECT " + policy, depth + 1),
                        "reads " + relation.qualifiedName() + ", whose row-level security policy");
            }
        }
        if (planOnly) {
            checkPlannedWrite(relation);
        }
    }

    /** What planning an INSERT, UPDATE, DELETE or MERGE evaluates: rules, defaults, policies. */
    private void checkPlannedWrite(RelationInfo relation) {
        if (relation.hasRules()) {
            proof.change("names " + relation.qualifiedName() + ", which has rewrite rules that planning expands");
        }
        if (relation.rowSecurity()) {
            proof.change("names " + relation.qualifiedName() + ", whose row-level security policies planning evaluates");
        }
        for (String expression : relation.columnDefaults()) {
            proof.include(proveStored(model, "SELECT " + expression, depth + 1),
                    "names " + relation.qualifiedName() + ", whose column default");
        }
    }

    private void checkTypes(List<String> parts) {
        for (String part : parts) {
            for (TypeInfo type : catalog().typesNamed(part)) {
                if (!schemas.contains(type.schema())) {
                    continue;
                }
                for (String check : type.checkExpressions()) {
                    String expression = check.startsWith("CHECK ") ? check.substring("CHECK ".length()) : check;
                    proof.include(proveStored(model, "SELECT " + expression, depth + 1),
                            "uses domain " + type.schema() + "." + type.name() + ", whose CHECK constraint");
                }
                for (long castFunction : type.castFunctions()) {
                    FunctionInfo function = catalog().function(castFunction);
                    if (function != null) {
                        checkFunction(function);
                    }
                }
            }
        }
    }

    private void checkOperators(List<Token> tokens) {
        Set<String> names = new LinkedHashSet<>(IMPLICIT_OPERATORS);
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isWord("operator") && i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('(')) {
                i = checkExplicitOperator(tokens, i + 2);
                continue;
            }
            String name = operatorName(token);
            if (name != null) {
                names.add(name);
            }
        }
        for (String name : names) {
            record(resolver.operators(null, name), proof.operators());
        }
    }

    /** {@code OPERATOR(schema.op)}: looks the operator up in that schema only. Returns the index of ')'. */
    private int checkExplicitOperator(List<Token> tokens, int from) {
        int close = from;
        while (close < tokens.size() && !tokens.get(close).isPunctuation(')')) {
            close++;
        }
        List<Token> inside = tokens.subList(from, Math.min(close, tokens.size()));
        String schema = null;
        StringBuilder name = new StringBuilder();
        for (int k = 0; k < inside.size(); k++) {
            Token part = inside.get(k);
            if (part.isName() && k + 1 < inside.size() && inside.get(k + 1).isPunctuation('.')) {
                schema = part.value();
                k++;
            } else {
                name.append(part.type() == TokenType.NOT_EQUALS ? "<>" : part.value());
            }
        }
        Resolution candidates = resolver.operators(schema, name.toString());
        if (candidates.isEmpty()) {
            proof.change("uses operator " + (schema == null ? "" : schema + ".") + name + ", which production's catalog does not have");
        }
        record(candidates, proof.operators());
        return close;
    }

    private static String operatorName(Token token) {
        return switch (token.type()) {
            case OPERATOR, LESS_EQUALS, GREATER_EQUALS -> token.value();
            case NOT_EQUALS -> "<>";
            case PUNCTUATION -> "+-*/%^<>=".contains(token.value()) ? token.value() : null;
            default -> null;
        };
    }

    private static String displayName(List<String> parts) {
        return String.join(".", parts);
    }
}
