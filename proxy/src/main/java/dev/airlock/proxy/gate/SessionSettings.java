package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.SearchPaths;
import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import dev.airlock.proxy.protocol.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which SET, RESET and SET TRANSACTION statements an application session may run. Only settings
 * that change how results look or how the planner works are allowed; anything that could switch
 * off read-only enforcement, change identity, change how the gate lexes text, or lift Airlock's
 * bounds is refused:
 *
 * <ul>
 *   <li>turning read-only off ({@code default_transaction_read_only}, {@code transaction_read_only},
 *       {@code SET TRANSACTION READ WRITE}, {@code SET SESSION CHARACTERISTICS ... READ WRITE}): 25006;</li>
 *   <li>{@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, {@code SET SESSION CHARACTERISTICS} with
 *       anything but an isolation level, READ ONLY and [NOT] DEFERRABLE,
 *       {@code RESET ALL}, {@code row_security}, a client_encoding other than UTF8, a timeout of zero,
 *       a search_path naming schemas outside policy, and every setting not listed here: 42501.</li>
 * </ul>
 */
final class SessionSettings {
    private static final Set<String> ALLOWED = Set.of(
            "application_name", "datestyle", "timezone", "intervalstyle", "extra_float_digits", "bytea_output",
            "client_min_messages", "xmloption", "xmlbinary", "lc_monetary", "lc_numeric", "lc_time",
            "default_text_search_config", "timezone_abbreviations", "standard_conforming_strings",
            "escape_string_warning", "array_nulls", "transform_null_equals", "quote_all_identifiers",
            "plan_cache_mode", "jit", "random_page_cost", "seq_page_cost", "cpu_tuple_cost", "cpu_index_tuple_cost",
            "cpu_operator_cost", "parallel_setup_cost", "parallel_tuple_cost", "effective_cache_size",
            "effective_io_concurrency", "work_mem", "hash_mem_multiplier", "max_parallel_workers_per_gather",
            "geqo", "geqo_threshold", "geqo_effort", "from_collapse_limit", "join_collapse_limit",
            "cursor_tuple_fraction", "constraint_exclusion", "gin_fuzzy_search_limit",
            "default_transaction_isolation", "default_transaction_deferrable", "transaction_isolation",
            "transaction_deferrable", "tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count",
            "idle_session_timeout", "search_path", "client_encoding", "statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "default_transaction_read_only", "transaction_read_only",
            "enable_async_append", "enable_bitmapscan", "enable_gathermerge", "enable_hashagg", "enable_hashjoin",
            "enable_incremental_sort", "enable_indexscan", "enable_indexonlyscan", "enable_material",
            "enable_memoize", "enable_mergejoin", "enable_nestloop", "enable_parallel_append",
            "enable_parallel_hash", "enable_partition_pruning", "enable_partitionwise_join",
            "enable_partitionwise_aggregate", "enable_seqscan", "enable_sort", "enable_tidscan", "enable_presorted_aggregate");
    /**
     * Settable in a session but not from a startup packet: read-only enforcement and the
     * transaction's characteristics, which a startup packet has no business with, and
     * standard_conforming_strings, which changes how Airlock must lex the session's first statement.
     */
    private static final Set<String> NOT_AT_STARTUP = Set.of("default_transaction_read_only", "transaction_read_only",
            "transaction_isolation", "transaction_deferrable", "standard_conforming_strings");
    private static final Set<String> TIMEOUTS = Set.of("statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "idle_session_timeout");
    private static final Set<String> READ_ONLY_SWITCHES = Set.of("default_transaction_read_only", "transaction_read_only");
    private static final Set<String> FALSE_WORDS = Set.of("off", "false", "0", "no", "f", "n", "of");
    private static final Set<String> UTF8_NAMES = Set.of("utf8", "unicode");

    private final List<String> allowedSearchPathSchemas;

    SessionSettings(List<String> allowedSearchPathSchemas) {
        this.allowedSearchPathSchemas = allowedSearchPathSchemas;
    }

    /** Classifies a SET; the schemas of an allowed search_path go to {@code searchPathSink}. */
    Classification set(SqlStatement statement, Consumer<List<String>> searchPathSink) {
        List<Token> tokens = statement.tokens();
        int i = 1;
        if (isWord(tokens, i, "session") && !isWord(tokens, i + 1, "authorization")
                && !isWord(tokens, i + 1, "characteristics") || isWord(tokens, i, "local")) {
            i++;
        }
        String first = word(tokens, i);
        if (first == null) {
            return setParameter(tokens, i, searchPathSink);
        }
        switch (first) {
            case "role":
                return refuse("SET ROLE is not allowed through Airlock");
            case "session":
                if (isWord(tokens, i + 1, "authorization")) {
                    return refuse("SET SESSION AUTHORIZATION is not allowed through Airlock");
                }
                return sessionCharacteristics(tokens, i + 1);
            case "transaction":
                return transactionCharacteristics(tokens);
            case "constraints":
                return Classification.of(StatementKind.TRANSACTION_CONTROL, "sets constraint checking for the transaction");
            case "time":
                return isWord(tokens, i + 1, "zone") ? allowed("timezone") : setParameter(tokens, i, searchPathSink);
            case "names":
                return checkEncoding(values(tokens, i + 1));
            case "schema":
                return checkSearchPath(values(tokens, i + 1), searchPathSink);
            case "xml":
                return allowed("xmloption");
            default:
                return setParameter(tokens, i, searchPathSink);
        }
    }

    /**
     * Classifies a run-time setting from a startup packet as the SET it stands for
     * ({@code statement}), after refusing the settings no startup packet may carry.
     */
    Classification startupSetting(String name, SqlStatement statement, Consumer<List<String>> searchPathSink) {
        if (NOT_AT_STARTUP.contains(name)) {
            return refuse("setting " + name + " cannot be given at start-up");
        }
        return set(statement, searchPathSink);
    }

    Classification reset(SqlStatement statement) {
        String name = parameterName(statement.tokens(), 1);
        if (name == null) {
            return refuse("RESET needs a parameter name");
        }
        if (name.equals("all")) {
            return refuse("RESET ALL is not allowed through Airlock: it would also reset the bounds Airlock sets");
        }
        if (name.equals("role") || name.equals("session")) {
            return Classification.of(StatementKind.SESSION_SETTING, "resets " + name + " to the session default");
        }
        return ALLOWED.contains(name)
                ? Classification.of(StatementKind.SESSION_SETTING, "resets " + name)
                : refuse("setting " + name + " cannot be changed through Airlock");
    }

    private static Classification transactionCharacteristics(List<Token> tokens) {
        return asksForReadWrite(tokens) ? refuseReadWriteTransactions()
                : Classification.of(StatementKind.TRANSACTION_CONTROL, "sets characteristics of the current transaction");
    }

    /**
     * {@code SET SESSION CHARACTERISTICS AS TRANSACTION} with a list of modes, as pgjdbc sends for
     * {@code setTransactionIsolation} and read-only tools send for READ ONLY: an isolation level,
     * READ ONLY and [NOT] DEFERRABLE are allowed; READ WRITE is refused (25006), and so is anything
     * that is not such a list.
     */
    private static Classification sessionCharacteristics(List<Token> tokens, int at) {
        if (asksForReadWrite(tokens)) {
            return refuseReadWriteTransactions();
        }
        if (!isWord(tokens, at, "characteristics") || !isWord(tokens, at + 1, "as") || !isWord(tokens, at + 2, "transaction")
                || !isTransactionModeList(tokens, at + 3)) {
            return refuse("SET SESSION CHARACTERISTICS AS TRANSACTION takes only ISOLATION LEVEL, READ ONLY and [NOT] DEFERRABLE"
                    + " through Airlock");
        }
        return Classification.of(StatementKind.SESSION_SETTING, "sets the session's default transaction characteristics");
    }

    private static boolean asksForReadWrite(List<Token> tokens) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            if (tokens.get(k).isWord("read") && tokens.get(k + 1).isWord("write")) {
                return true;
            }
        }
        return false;
    }

    private static Classification refuseReadWriteTransactions() {
        return readWrite("READ WRITE transactions are not allowed: this session is read-only");
    }

    /** Transaction modes separated by commas or spaces, as PostgreSQL's grammar takes them, up to the end. */
    private static boolean isTransactionModeList(List<Token> tokens, int from) {
        int k = from;
        while (k < tokens.size()) {
            if (k > from && tokens.get(k).isPunctuation(',')) {
                k++;
            }
            k = transactionModeEnd(tokens, k);
            if (k < 0) {
                return false;
            }
        }
        return k > from;
    }

    /** Where the transaction mode starting at {@code k} ends, or -1 if none starts there. */
    private static int transactionModeEnd(List<Token> tokens, int k) {
        if (isWord(tokens, k, "isolation") && isWord(tokens, k + 1, "level")) {
            if (isWord(tokens, k + 2, "serializable")) {
                return k + 3;
            }
            boolean twoWords = isWord(tokens, k + 2, "repeatable") && isWord(tokens, k + 3, "read")
                    || isWord(tokens, k + 2, "read") && (isWord(tokens, k + 3, "committed") || isWord(tokens, k + 3, "uncommitted"));
            return twoWords ? k + 4 : -1;
        }
        if (isWord(tokens, k, "read") && isWord(tokens, k + 1, "only") || isWord(tokens, k, "not") && isWord(tokens, k + 1, "deferrable")) {
            return k + 2;
        }
        return isWord(tokens, k, "deferrable") ? k + 1 : -1;
    }

    private Classification setParameter(List<Token> tokens, int at, Consumer<List<String>> searchPathSink) {
        String name = parameterName(tokens, at);
        if (name == null) {
            return refuse("SET needs a parameter name");
        }
        int valueAt = at + nameLength(tokens, at);
        if (valueAt < tokens.size() && (tokens.get(valueAt).isWord("to") || tokens.get(valueAt).isPunctuation('='))) {
            valueAt++;
        }
        List<Token> values = values(tokens, valueAt);
        boolean toDefault = values.size() == 1 && values.get(0).isWord("default");
        if (!ALLOWED.contains(name)) {
            return name.equals("row_security")
                    ? refuse("row_security cannot be changed through Airlock")
                    : refuse("setting " + name + " cannot be changed through Airlock");
        }
        if (toDefault) {
            return allowed(name);
        }
        if (READ_ONLY_SWITCHES.contains(name)) {
            return values.stream().anyMatch(value -> FALSE_WORDS.contains(value.value().toLowerCase(Locale.ROOT)))
                    ? readWrite("cannot turn off " + name + ": this session is read-only")
                    : allowed(name);
        }
        if (TIMEOUTS.contains(name)) {
            return checkTimeout(name, values);
        }
        if (name.equals("client_encoding")) {
            return checkEncoding(values);
        }
        if (name.equals("search_path")) {
            return checkSearchPath(values, searchPathSink);
        }
        return allowed(name);
    }

    private static Classification checkTimeout(String name, List<Token> values) {
        if (values.size() != 1) {
            return refuse(name + " takes a single value");
        }
        String value = values.get(0).value().trim();
        boolean zero = value.matches("0+(\\.0*)?\\s*(us|ms|s|min|h|d)?");
        if (zero || value.startsWith("-")) {
            return refuse(name + " cannot be turned off through Airlock; set a positive limit");
        }
        return allowed(name);
    }

    private static Classification checkEncoding(List<Token> values) {
        if (values.size() == 1) {
            String normalized = values.get(0).value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (UTF8_NAMES.contains(normalized)) {
                return allowed("client_encoding");
            }
        }
        return refuse("client_encoding must stay UTF8 through Airlock");
    }

    private Classification checkSearchPath(List<Token> values, Consumer<List<String>> searchPathSink) {
        List<String> schemas = new ArrayList<>();
        for (Token value : values) {
            if (value.type() == TokenType.STRING) {
                List<String> parsed = SearchPaths.parse(value.value());
                schemas.add(value.value());
                if (parsed != null) {
                    schemas.addAll(parsed);
                }
            } else if (value.isName()) {
                schemas.add(value.value());
            } else {
                return refuse("search_path must be a list of schema names");
            }
        }
        for (String schema : schemas) {
            if (!allowedSearchPathSchemas.contains(schema)) {
                return refuse("search_path may not include schema \"" + schema + "\" (allowed: "
                        + String.join(", ", allowedSearchPathSchemas) + ")");
            }
        }
        searchPathSink.accept(schemas);
        return allowed("search_path");
    }

    /** The values after {@code =} or TO: names, strings, numbers, with their signs; commas skipped. */
    private static List<Token> values(List<Token> tokens, int from) {
        List<Token> values = new ArrayList<>();
        for (int k = from; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.isPunctuation(',')) {
                continue;
            }
            if (token.isPunctuation('-') && k + 1 < tokens.size()) {
                Token next = tokens.get(++k);
                values.add(new Token(next.type(), token.start(), next.end(), "-" + next.value()));
                continue;
            }
            values.add(token);
        }
        return values;
    }

    /** A parameter name, possibly dotted ({@code myext.setting}), down-cased. */
    private static String parameterName(List<Token> tokens, int at) {
        if (at >= tokens.size() || !tokens.get(at).isName()) {
            return null;
        }
        StringBuilder name = new StringBuilder(tokens.get(at).value().toLowerCase(Locale.ROOT));
        for (int k = at + 1; k + 1 < tokens.size() && tokens.get(k).isPunctuation('.') && tokens.get(k + 1).isName(); k += 2) {
            name.append('.').append(tokens.get(k + 1).value().toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static int nameLength(List<Token> tokens, int at) {
        int length = 1;
        while (at + length + 1 < tokens.size() && tokens.get(at + length).isPunctuation('.') && tokens.get(at + length + 1).isName()) {
            length += 2;
        }
        return length;
    }

    private static boolean isWord(List<Token> tokens, int index, String word) {
        return index < tokens.size() && tokens.get(index).isWord(word);
    }

    private static String word(List<Token> tokens, int index) {
        return index < tokens.size() && tokens.get(index).type() == TokenType.IDENTIFIER ? tokens.get(index).value() : null;
    }

    private static Classification allowed(String name) {
        return Classification.of(StatementKind.SESSION_SETTING, "sets " + name);
    }

    private static Classification refuse(String reason) {
        return Classification.forbiddenSessionState(SqlState.INSUFFICIENT_PRIVILEGE, reason);
    }

    private static Classification readWrite(String reason) {
        return Classification.forbiddenSessionState(SqlState.READ_ONLY_SQL_TRANSACTION, reason);
    }
}
