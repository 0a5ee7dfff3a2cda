package dev.airlock.sandbox.sql;

import java.util.List;

/**
 * How the sandbox must run one statement, from its leading keywords: inside the change set's
 * transaction (almost everything), on its own outside any transaction (what PostgreSQL refuses in
 * a transaction block but a database may still need: CREATE INDEX CONCURRENTLY and its kin), or
 * not at all (transaction control, which the change set's own transaction replaces, and statements
 * that act on the server rather than on one database).
 */
public enum StatementClass {
    TRANSACTIONAL,
    /** BEGIN / START TRANSACTION: the change set already runs in one transaction. */
    TRANSACTION_START,
    NON_TRANSACTIONAL,
    /** COMMIT, ROLLBACK, PREPARE TRANSACTION, ...: would end the sandbox's transaction. */
    TRANSACTION_END,
    /** CREATE/DROP DATABASE, tablespaces, ALTER SYSTEM, subscriptions, COPY from the client. */
    SERVER_LEVEL;

    public static StatementClass of(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        List<String> words = SqlTokens.leadingWords(tokens, 4);
        String first = words.isEmpty() ? "" : words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        switch (first) {
            case "BEGIN", "START":
                return TRANSACTION_START;
            case "COMMIT", "END", "ABORT":
                return TRANSACTION_END;
            case "ROLLBACK":
                return second.equals("TO") ? TRANSACTIONAL : TRANSACTION_END;
            case "PREPARE":
                return second.equals("TRANSACTION") ? TRANSACTION_END : TRANSACTIONAL;
            case "VACUUM":
                return NON_TRANSACTIONAL;
            case "REINDEX", "CREATE", "DROP":
                if (second.equals("DATABASE") || second.equals("TABLESPACE") || second.equals("SUBSCRIPTION")) {
                    return SERVER_LEVEL;
                }
                boolean concurrently = first.equals("REINDEX") ? SqlTokens.contains(tokens, "CONCURRENTLY")
                        : words.contains("INDEX") && words.contains("CONCURRENTLY");
                return concurrently ? NON_TRANSACTIONAL : TRANSACTIONAL;
            case "ALTER":
                if (second.equals("SYSTEM") || second.equals("TABLESPACE") || second.equals("SUBSCRIPTION")) {
                    return SERVER_LEVEL;
                }
                return second.equals("TABLE") && SqlTokens.contains(tokens, "DETACH")
                        && SqlTokens.contains(tokens, "CONCURRENTLY") ? NON_TRANSACTIONAL : TRANSACTIONAL;
            case "COPY":
                return SqlTokens.contains(tokens, "STDIN") || SqlTokens.contains(tokens, "STDOUT")
                        || SqlTokens.contains(tokens, "PROGRAM") ? SERVER_LEVEL : TRANSACTIONAL;
            default:
                return TRANSACTIONAL;
        }
    }
}
