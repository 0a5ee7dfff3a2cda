package dev.airlock.proxy.gate;

import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import dev.airlock.proxy.protocol.SqlState;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Classifies one statement by its leading words. Every statement type has a deliberate rule here;
 * a statement this class does not recognise is a change, never a read.
 */
final class StatementClassifier {
    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "values", "table");
    private static final Set<String> DML = Set.of("insert", "update", "delete", "merge", "truncate");
    private static final Set<String> MAINTENANCE = Set.of("vacuum", "analyze", "analyse", "cluster", "reindex", "refresh");
    private static final Set<String> ROLE_OBJECTS = Set.of("role", "user", "group");
    /** Statements whose decision depends on, or changes, the session's state: never cached. */
    private static final Set<String> SESSION_DEPENDENT = Set.of("set", "reset", "prepare", "execute", "deallocate",
            "discard", "explain");

    private final SessionSettings sessionSettings;
    private final StructureCheck structure;

    StatementClassifier(SessionSettings sessionSettings, StructureCheck structure) {
        this.sessionSettings = sessionSettings;
        this.structure = structure;
    }

    StructureCheck structure() {
        return structure;
    }

    /** Whether decisions about this statement may be cached: true unless it reads or changes session state. */
    static boolean isCacheable(SqlStatement statement) {
        String first = statement.word(0);
        return first != null && !SESSION_DEPENDENT.contains(first) || statement.first().isPunctuation('(');
    }

    /** A run-time setting from a startup packet, decided as the SET it stands for. */
    Classification startupSetting(String name, SqlStatement statement, SessionGateState session, GateModel model) {
        return sessionSettings.startupSetting(name, statement, searchPathOf(session, model));
    }

    /** Where an allowed SET search_path's schemas go: the session's gate state. */
    private static Consumer<List<String>> searchPathOf(SessionGateState session, GateModel model) {
        return schemas -> session.addSearchPath(schemas, model.catalog().roleName());
    }

    Classification classify(SqlStatement statement, SessionGateState session, GateModel model) {
        Classification classification = classifyKind(statement, session, model);
        if (!classification.kind().isChange()) {
            return classification;
        }
        Set<String> writes;
        try {
            writes = WriteTargets.of(statement.tokens(), classification.kind(),
                    session.searchPath(model.catalog().defaultSearchPath()), model.catalog());
        } catch (RuntimeException e) {
            // Naming the targets is for policy and review; a statement it cannot read writes "anything".
            LoggerFactory.getLogger(StatementClassifier.class).warn("could not name what a change writes", e);
            writes = Set.of(WriteTargets.UNKNOWN);
        }
        return classification.withWrites(writes);
    }

    private Classification classifyKind(SqlStatement statement, SessionGateState session, GateModel model) {
        Token first = statement.first();
        if (first.isPunctuation('(')) {
            return query(statement.tokens(), session, model, false);
        }
        String word = statement.word(0);
        if (word == null) {
            return Classification.of(StatementKind.DDL_CHANGE, "is not a statement Airlock recognises");
        }
        if (QUERY_STARTS.contains(word)) {
            return query(statement.tokens(), session, model, false);
        }
        if (DML.contains(word)) {
            return Classification.of(StatementKind.DML_CHANGE, word.toUpperCase(Locale.ROOT) + " changes data");
        }
        if (MAINTENANCE.contains(word)) {
            return Classification.of(StatementKind.DDL_CHANGE, word.toUpperCase(Locale.ROOT) + " is maintenance that changes the database");
        }
        return switch (word) {
            case "show" -> Classification.of(StatementKind.READ, "shows a setting");
            case "explain" -> explain(statement, session, model);
            case "set" -> sessionSettings.set(statement, searchPathOf(session, model));
            case "reset" -> sessionSettings.reset(statement);
            case "begin", "start" -> beginTransaction(statement);
            case "commit", "end", "rollback", "abort" -> endTransaction(statement);
            case "savepoint", "release" -> Classification.of(StatementKind.TRANSACTION_CONTROL, "manages a savepoint");
            case "prepare" -> prepare(statement, session, model);
            case "execute" -> execute(statement, session, model);
            case "deallocate" -> deallocate(statement, session);
            case "declare" -> declareCursor(statement, session, model);
            case "fetch", "move" -> Classification.of(StatementKind.READ, "reads from an open cursor");
            case "close" -> Classification.of(StatementKind.SESSION_SETTING, "closes a cursor");
            case "copy" -> copy(statement, session, model);
            case "discard" -> discard(statement, session);
            case "listen" -> Classification.forbidden(SqlState.FEATURE_NOT_SUPPORTED,
                    "LISTEN is not supported through Airlock: notifications are not relayed");
            case "unlisten" -> Classification.of(StatementKind.SESSION_SETTING, "stops listening");
            case "notify" -> Classification.of(StatementKind.DML_CHANGE, "NOTIFY sends a message to other sessions");
            case "do" -> Classification.of(StatementKind.DML_CHANGE, "DO runs procedural code that can change anything");
            case "call" -> Classification.of(StatementKind.DML_CHANGE, "CALL runs a procedure that can change anything");
            case "lock" -> Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE,
                    "LOCK holds table locks that stall production; it is not allowed through Airlock");
            case "checkpoint" -> Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE, "CHECKPOINT is server administration");
            case "load" -> Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE, "LOAD loads code into the server");
            case "alter" -> alter(statement);
            case "create" -> ROLE_OBJECTS.contains(statement.word(1))
                    ? Classification.of(StatementKind.DCL_CHANGE, "creates a role")
                    : Classification.of(StatementKind.DDL_CHANGE, "CREATE changes the schema");
            case "drop" -> ROLE_OBJECTS.contains(statement.word(1)) || "owned".equals(statement.word(1))
                    ? Classification.of(StatementKind.DCL_CHANGE, "drops a role or what it owns")
                    : Classification.of(StatementKind.DDL_CHANGE, "DROP changes the schema");
            case "grant", "revoke", "reassign" -> Classification.of(StatementKind.DCL_CHANGE,
                    word.toUpperCase(Locale.ROOT) + " changes privileges");
            case "comment", "security", "import" -> Classification.of(StatementKind.DDL_CHANGE,
                    word.toUpperCase(Locale.ROOT) + " changes the schema");
            default -> Classification.of(StatementKind.DDL_CHANGE, "statement type " + word.toUpperCase(Locale.ROOT)
                    + " is not one Airlock recognises, so it is not proven read-only");
        };
    }

    /** A query: tokens first, then JSqlParser for the structure. */
    Classification query(List<Token> tokens, SessionGateState session, GateModel model, boolean planOnly) {
        Proof proof = ReadProver.prove(model, tokens, session.searchPath(model.catalog().defaultSearchPath()), planOnly);
        if (proof.isSafe() && !planOnly) {
            StructureCheck.Outcome outcome = structure.check(tokens);
            switch (outcome) {
                case TIMED_OUT -> {
                    return Classification.forbidden(SqlState.STATEMENT_TOO_COMPLEX,
                            "statement is too complex to analyse within the gate's time limit");
                }
                case UNPARSEABLE -> proof.change("is SQL that Airlock's parser cannot analyse, so it is not proven read-only");
                case NOT_A_QUERY -> proof.change("does not parse as a query");
                case QUERY -> {
                }
            }
        }
        return proof.classify("reads only", SqlState.INSUFFICIENT_PRIVILEGE);
    }

    private Classification explain(SqlStatement statement, SessionGateState session, GateModel model) {
        List<Token> tokens = statement.tokens();
        boolean analyze = false;
        int i = 1;
        if (i < tokens.size() && tokens.get(i).isPunctuation('(')) {
            int close = i + 1;
            while (close < tokens.size() && !tokens.get(close).isPunctuation(')')) {
                Token option = tokens.get(close);
                if (option.isWord("analyze") || option.isWord("analyse")) {
                    Token value = close + 1 < tokens.size() ? tokens.get(close + 1) : null;
                    analyze = value == null || value.isPunctuation(',') || value.isPunctuation(')') || isTrue(value);
                }
                close++;
            }
            i = close + 1;
        } else {
            while (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("analyse")
                    || tokens.get(i).isWord("verbose"))) {
                analyze |= !tokens.get(i).isWord("verbose");
                i++;
            }
        }
        if (i >= tokens.size()) {
            return Classification.of(StatementKind.DDL_CHANGE, "EXPLAIN without a statement");
        }
        SqlStatement inner = innerStatement(statement, i);
        if (analyze) {
            Classification executed = classify(inner, session, model);
            return executed.withReason("EXPLAIN ANALYZE runs the statement, which " + executed.reason());
        }
        String innerWord = inner.word(0);
        if (innerWord != null && Set.of("insert", "update", "delete", "merge").contains(innerWord)) {
            Classification planned = query(inner.tokens(), session, model, true);
            return planned.withReason(planned.kind() == StatementKind.READ
                    ? "EXPLAIN only plans the statement, which reads nothing it could change"
                    : "EXPLAIN plans the statement, which " + planned.reason());
        }
        Classification planned = classify(inner, session, model);
        return planned.withReason("EXPLAIN of a statement that " + planned.reason());
    }

    private static boolean isTrue(Token value) {
        String text = value.value().toLowerCase(Locale.ROOT);
        return Set.of("true", "on", "1", "yes").contains(text);
    }

    private static Classification beginTransaction(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        for (int k = 1; k + 1 < tokens.size(); k++) {
            if (tokens.get(k).isWord("read") && tokens.get(k + 1).isWord("write")) {
                return Classification.forbiddenSessionState(SqlState.READ_ONLY_SQL_TRANSACTION,
                        "READ WRITE transactions are not allowed: this session is read-only");
            }
        }
        return Classification.of(StatementKind.TRANSACTION_CONTROL, "starts a transaction");
    }

    private static Classification endTransaction(SqlStatement statement) {
        if ("prepared".equals(statement.word(1))) {
            return Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE, "two-phase commit is not allowed through Airlock");
        }
        return Classification.of(StatementKind.TRANSACTION_CONTROL, "ends a transaction");
    }

    private Classification prepare(SqlStatement statement, SessionGateState session, GateModel model) {
        if ("transaction".equals(statement.word(1))) {
            return Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE, "two-phase commit is not allowed through Airlock");
        }
        List<Token> tokens = statement.tokens();
        int as = indexOfWord(tokens, "as", 2);
        if (as < 0 || as + 1 >= tokens.size() || !tokens.get(1).isName()) {
            return Classification.of(StatementKind.DDL_CHANGE, "PREPARE without a statement");
        }
        Classification inner = classify(innerStatement(statement, as + 1), session, model);
        session.prepared(tokens.get(1).value(), inner);
        return inner.withReason("prepares a statement that " + inner.reason());
    }

    private Classification execute(SqlStatement statement, SessionGateState session, GateModel model) {
        List<Token> tokens = statement.tokens();
        if (tokens.size() < 2 || !tokens.get(1).isName()) {
            return Classification.of(StatementKind.DML_CHANGE, "EXECUTE without a statement name");
        }
        String name = tokens.get(1).value();
        Classification prepared = session.preparedStatement(name);
        if (prepared == null) {
            return Classification.of(StatementKind.DML_CHANGE, "executes prepared statement \"" + name
                    + "\", which this session has not prepared as a proven read");
        }
        if (prepared.kind() != StatementKind.READ) {
            return prepared.withReason("executes a prepared statement that " + prepared.reason());
        }
        Proof arguments = ReadProver.prove(model, tokens.subList(2, tokens.size()),
                session.searchPath(model.catalog().defaultSearchPath()), false);
        return arguments.isSafe()
                ? prepared.withReason("executes a prepared read")
                : arguments.classify("", SqlState.INSUFFICIENT_PRIVILEGE).withReason("passes arguments that " + arguments.reason());
    }

    private static Classification deallocate(SqlStatement statement, SessionGateState session) {
        int at = "prepare".equals(statement.word(1)) ? 2 : 1;
        if ("all".equals(statement.word(at))) {
            session.deallocateAll();
        } else if (at < statement.tokens().size() && statement.tokens().get(at).isName()) {
            session.deallocate(statement.tokens().get(at).value());
        }
        return Classification.of(StatementKind.SESSION_SETTING, "deallocates prepared statements");
    }

    private Classification declareCursor(SqlStatement statement, SessionGateState session, GateModel model) {
        List<Token> tokens = statement.tokens();
        int cursor = indexOfWord(tokens, "cursor", 2);
        int forAt = cursor < 0 ? -1 : indexOfWord(tokens, "for", cursor + 1);
        if (forAt < 0 || forAt + 1 >= tokens.size()) {
            return Classification.of(StatementKind.DDL_CHANGE, "DECLARE without a query");
        }
        Classification inner = query(tokens.subList(forAt + 1, tokens.size()), session, model, false);
        return inner.withReason("declares a cursor for a query that " + inner.reason());
    }

    private Classification copy(SqlStatement statement, SessionGateState session, GateModel model) {
        List<Token> tokens = statement.tokens();
        int i = 1;
        Classification source;
        if (i < tokens.size() && tokens.get(i).isPunctuation('(')) {
            int close = matchingParenthesis(tokens, i);
            if (close < 0) {
                return Classification.of(StatementKind.DML_CHANGE, "COPY with an unbalanced query");
            }
            source = classify(innerStatement(statement, i + 1, close), session, model);
            i = close + 1;
        } else {
            int start = i;
            if (i < tokens.size() && tokens.get(i).isName()) {
                i++;
                while (i + 1 < tokens.size() && tokens.get(i).isPunctuation('.') && tokens.get(i + 1).isName()) {
                    i += 2;
                }
            }
            Proof table = ReadProver.prove(model, tokens.subList(start, i),
                    session.searchPath(model.catalog().defaultSearchPath()), false);
            source = table.classify("reads a table", SqlState.INSUFFICIENT_PRIVILEGE);
            if (i < tokens.size() && tokens.get(i).isPunctuation('(')) {
                i = matchingParenthesis(tokens, i) + 1;
            }
        }
        if (i >= tokens.size()) {
            return Classification.of(StatementKind.DML_CHANGE, "COPY without TO or FROM");
        }
        boolean from = tokens.get(i).isWord("from");
        Token target = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        boolean stdio = target != null && (target.isWord("stdout") || target.isWord("stdin"));
        if (!stdio) {
            return Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE,
                    "COPY " + (from ? "FROM" : "TO") + " a server file or program is not allowed through Airlock");
        }
        if (from) {
            return Classification.of(StatementKind.DML_CHANGE, "COPY FROM STDIN loads data");
        }
        return source.kind() == StatementKind.READ
                ? source.withReason("COPY TO STDOUT of data that " + source.reason())
                : source.withReason("COPY TO STDOUT of a query that " + source.reason());
    }

    private static Classification discard(SqlStatement statement, SessionGateState session) {
        if ("all".equals(statement.word(1))) {
            return Classification.forbiddenSessionState(SqlState.INSUFFICIENT_PRIVILEGE,
                    "DISCARD ALL is not allowed through Airlock: it would also reset the bounds Airlock sets");
        }
        return Classification.of(StatementKind.SESSION_SETTING, "discards cached session state");
    }

    private static Classification alter(SqlStatement statement) {
        String object = statement.word(1);
        if ("system".equals(object)) {
            return Classification.forbidden(SqlState.INSUFFICIENT_PRIVILEGE, "ALTER SYSTEM changes the server's configuration");
        }
        if (ROLE_OBJECTS.contains(object) || "default".equals(object)) {
            return Classification.of(StatementKind.DCL_CHANGE, "changes roles or default privileges");
        }
        return Classification.of(StatementKind.DDL_CHANGE, "ALTER changes the schema");
    }

    private static SqlStatement innerStatement(SqlStatement outer, int from) {
        return innerStatement(outer, from, outer.tokens().size());
    }

    private static SqlStatement innerStatement(SqlStatement outer, int from, int to) {
        List<Token> tokens = outer.tokens().subList(from, to);
        int start = tokens.get(0).start() - outer.start();
        int end = tokens.get(tokens.size() - 1).end() - outer.start();
        return new SqlStatement(outer.text().substring(start, end), tokens.get(0).start(),
                tokens.get(tokens.size() - 1).end(), tokens);
    }

    private static int indexOfWord(List<Token> tokens, String word, int from) {
        for (int k = from; k < tokens.size(); k++) {
            if (tokens.get(k).type() == TokenType.IDENTIFIER && tokens.get(k).value().equals(word)) {
                return k;
            }
        }
        return -1;
    }

    private static int matchingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            if (tokens.get(k).isPunctuation('(')) {
                depth++;
            } else if (tokens.get(k).isPunctuation(')') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
