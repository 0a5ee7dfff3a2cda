package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.catalog.RelationInfo;
import dev.airlock.proxy.catalog.SearchPaths;
import dev.airlock.proxy.lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects a change writes, for policy and review: tables a DML statement (or a writable CTE)
 * inserts into, updates, deletes from, merges into, truncates or copies into; the object a DDL
 * statement creates, alters, drops or comments on (the table for indexes, triggers, policies and
 * rules); what a GRANT or REVOKE is on, and the roles it names.
 *
 * <p>Names are qualified: an existing relation through the session's search path, anything else
 * with the schema it would be created in. Roles are written {@code role:name}. When the target
 * cannot be read off the statement, the set holds {@link #UNKNOWN}, which a policy must read as
 * "possibly anything" (fail closed).
 */
final class WriteTargets {
    /** The target could not be determined. */
    static final String UNKNOWN = "*";

    /** Words between CREATE/ALTER/DROP/COMMENT ON and the object's name. */
    private static final Set<String> KIND_WORDS = Set.of("or", "replace", "temp", "temporary", "unlogged", "global",
            "local", "materialized", "view", "table", "foreign", "unique", "index", "concurrently", "if", "not",
            "exists", "only", "recursive", "sequence", "function", "procedure", "routine", "type", "domain", "schema",
            "trigger", "constraint", "policy", "rule", "extension", "aggregate", "collation", "conversion", "text",
            "search", "configuration", "dictionary", "parser", "template", "event", "publication", "subscription",
            "statistics", "language", "trusted", "procedural", "server", "column", "operator", "class", "family",
            "access", "method", "transform", "cast", "large", "object", "data", "wrapper");
    private static final Set<String> ROLE_KINDS = Set.of("role", "user", "group");
    /** Objects that live outside any schema: their names are not qualified. */
    private static final Set<String> DATABASE_LEVEL_KINDS = Set.of("schema", "extension", "language", "publication",
            "subscription", "server", "event", "wrapper");
    /** Objects named by a statement that hangs them on a table: {@code CREATE INDEX i ON t}. */
    private static final Set<String> ON_TABLE_KINDS = Set.of("index", "trigger", "policy", "rule");
    /** UPDATE after these words is not a statement: FOR UPDATE, ON UPDATE, DO UPDATE, THEN UPDATE, FOR NO KEY UPDATE. */
    private static final Set<String> NOT_AN_UPDATE_AFTER = Set.of("for", "on", "do", "then", "key", "of");

    private final List<Token> tokens;
    private final List<String> searchPath;
    private final ProductionCatalog catalog;
    private final Set<String> targets = new LinkedHashSet<>();

    private WriteTargets(List<Token> tokens, List<String> searchPath, ProductionCatalog catalog) {
        this.tokens = tokens;
        this.searchPath = searchPath;
        this.catalog = catalog;
    }

    static Set<String> of(List<Token> tokens, StatementKind kind, List<String> searchPath, ProductionCatalog catalog) {
        WriteTargets writes = new WriteTargets(tokens, searchPath, catalog);
        String first = word(tokens, 0);
        switch (first == null ? "" : first) {
            case "create", "alter", "drop" -> writes.definition();
            case "comment" -> writes.nameAfter(2);
            case "refresh" -> writes.nameAfter(1);
            case "grant", "revoke" -> writes.privileges();
            case "truncate" -> writes.truncate();
            case "copy" -> {
                if (tokens.size() > 1 && tokens.get(1).isPunctuation('(')) {
                    writes.dataChanges(); // COPY (DELETE ... RETURNING *) TO: the query's own writes
                } else {
                    writes.nameAfter(1);
                }
            }
            default -> writes.dataChanges();
        }
        if (writes.targets.isEmpty() && kind != StatementKind.READ) {
            writes.targets.add(UNKNOWN);
        }
        return Set.copyOf(writes.targets);
    }

    /** INSERT INTO, UPDATE, DELETE FROM and MERGE INTO anywhere in the statement (writable CTEs included). */
    private void dataChanges() {
        for (int i = 0; i < tokens.size(); i++) {
            String word = word(tokens, i);
            if (word == null) {
                continue;
            }
            switch (word) {
                case "insert", "merge" -> {
                    if ("into".equals(word(tokens, i + 1))) {
                        relationAt(i + 2);
                    }
                }
                case "delete" -> {
                    if ("from".equals(word(tokens, i + 1))) {
                        relationAt(skipOnly(i + 2));
                    }
                }
                case "update" -> {
                    if (!NOT_AN_UPDATE_AFTER.contains(i == 0 ? "" : String.valueOf(word(tokens, i - 1)))) {
                        relationAt(skipOnly(i + 1));
                    }
                }
                default -> {
                }
            }
        }
    }

    private void truncate() {
        int i = 1;
        if ("table".equals(word(tokens, i))) {
            i++;
        }
        while (i < tokens.size()) {
            i = relationAt(skipOnly(i));
            if (i < 0 || i >= tokens.size() || !tokens.get(i).isPunctuation(',')) {
                return;
            }
            i++;
        }
    }

    private void definition() {
        if (isIn(ROLE_KINDS, 1)) {
            roleNames(2);
            return;
        }
        if ("default".equals(word(tokens, 1))) {
            return; // ALTER DEFAULT PRIVILEGES: future objects; left UNKNOWN
        }
        int i = 1;
        boolean onTable = false;
        boolean databaseLevel = false;
        while (i < tokens.size() && isIn(KIND_WORDS, i)) {
            onTable |= isIn(ON_TABLE_KINDS, i);
            databaseLevel |= isIn(DATABASE_LEVEL_KINDS, i);
            i++;
        }
        if (onTable) {
            int on = indexOfWord("on", i);
            if (on > 0) {
                relationAt(skipOnly(on + 1));
                return;
            }
        }
        for (int next = i - 1; next >= 0; next = "drop".equals(word(tokens, 0)) ? commaAfterName(next + 1) : -1) {
            if (databaseLevel) {
                plainNameAt(next + 1);
            } else {
                nameAt(next + 1);
            }
        }
    }

    private void plainNameAt(int index) {
        if (index < tokens.size() && tokens.get(index).isName()) {
            targets.add(tokens.get(index).value());
        }
    }

    private void privileges() {
        int on = indexOfWord("on", 1);
        if (on < 0) {
            int to = indexOfWord("grant".equals(word(tokens, 0)) ? "to" : "from", 1);
            if (to > 0) {
                roleNames(to + 1);
            }
            return;
        }
        int i = on + 1;
        if ("all".equals(word(tokens, i))) {
            int schema = indexOfWord("schema", i);
            if (schema > 0) {
                for (int next = schema; next > 0; next = commaAfterName(next + 1)) {
                    if (next + 1 < tokens.size() && tokens.get(next + 1).isName()) {
                        targets.add(tokens.get(next + 1).value() + ".*");
                    }
                }
            }
            return;
        }
        while (i < tokens.size() && isIn(KIND_WORDS, i)) {
            i++;
        }
        for (int next = i - 1; next >= 0; next = commaAfterName(next + 1)) {
            nameAt(next + 1);
        }
    }

    /** The object named after the kind words that follow the statement's first {@code skip} words. */
    private void nameAfter(int skip) {
        int i = skip;
        while (i < tokens.size() && isIn(KIND_WORDS, i)) {
            i++;
        }
        if ("column".equals(word(tokens, i - 1))) {
            List<String> parts = new ArrayList<>();
            qualifiedName(i, parts);
            if (parts.size() > 1) {
                targets.add(parts.size() == 2 ? resolveRelation(parts.get(0)) : parts.get(parts.size() - 3) + "." + parts.get(parts.size() - 2));
            }
            return;
        }
        if (word(tokens, 0).equals("copy")) {
            int from = indexOfWord("from", i);
            if (from < 0) {
                return; // COPY ... TO reads
            }
            relationAt(i);
            return;
        }
        nameAt(i);
    }

    private void roleNames(int start) {
        for (int i = start; i < tokens.size() && tokens.get(i).isName(); i += 2) {
            targets.add("role:" + tokens.get(i).value());
            if (i + 1 >= tokens.size() || !tokens.get(i + 1).isPunctuation(',')) {
                return;
            }
        }
    }

    /** A relation name at {@code index}, resolved through the search path; returns the index after it, or -1. */
    private int relationAt(int index) {
        List<String> parts = new ArrayList<>();
        int end = qualifiedName(index, parts);
        if (parts.isEmpty()) {
            return -1;
        }
        if (parts.size() == 1) {
            targets.add(resolveRelation(parts.get(0)));
        } else {
            targets.add(String.join(".", parts.subList(parts.size() - 2, parts.size())));
        }
        return end;
    }

    /** Any object's name at {@code index}, qualified with its creation schema when unqualified. */
    private void nameAt(int index) {
        List<String> parts = new ArrayList<>();
        qualifiedName(index, parts);
        if (parts.size() == 1) {
            targets.add(resolveRelation(parts.get(0)));
        } else if (parts.size() > 1) {
            targets.add(String.join(".", parts.subList(parts.size() - 2, parts.size())));
        }
    }

    private String resolveRelation(String name) {
        for (String schema : searchPath) {
            for (RelationInfo relation : catalog.relationsNamed(name)) {
                if (relation.schema().equals(schema)) {
                    return relation.qualifiedName();
                }
            }
        }
        for (String schema : searchPath) {
            String resolved = schema.equals(SearchPaths.USER) ? catalog.roleName() : schema;
            if (!resolved.equals("pg_catalog") && catalog.schemaExists(resolved)) {
                return resolved + "." + name;
            }
        }
        return name;
    }

    private int qualifiedName(int index, List<String> parts) {
        int i = index;
        while (i < tokens.size() && tokens.get(i).isName()) {
            parts.add(tokens.get(i).value());
            if (i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('.')) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return i;
    }

    private int skipOnly(int index) {
        return "only".equals(word(tokens, index)) ? index + 1 : index;
    }

    private int indexOfWord(String word, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of a comma right after the name at {@code index} (and its argument list, for routines), or -1. */
    private int commaAfterName(int index) {
        int end = qualifiedName(index, new ArrayList<>());
        if (end < tokens.size() && tokens.get(end).isPunctuation('(')) {
            for (int depth = 0; end < tokens.size(); end++) {
                depth += tokens.get(end).isPunctuation('(') ? 1 : tokens.get(end).isPunctuation(')') ? -1 : 0;
                if (depth == 0) {
                    end++;
                    break;
                }
            }
        }
        return end < tokens.size() && tokens.get(end).isPunctuation(',') ? end : -1;
    }

    private boolean isIn(Set<String> words, int index) {
        String word = word(tokens, index);
        return word != null && words.contains(word);
    }

    private static String word(List<Token> tokens, int index) {
        if (index < 0 || index >= tokens.size()) {
            return null;
        }
        Token token = tokens.get(index);
        return token.type() == dev.airlock.proxy.lexer.TokenType.IDENTIFIER ? token.value() : null;
    }
}
