package dev.airlock.sandbox.impact;

import dev.airlock.sandbox.sql.SqlTokens.Token;
import dev.airlock.sandbox.sql.SqlTokens;
import java.util.List;

/**
 * Locks of statements that run outside a transaction, where the session's own locks cannot be read
 * between the statement and its commit. These are PostgreSQL's documented modes (all take SHARE
 * UPDATE EXCLUSIVE, which lets reads and writes go on), reported with {@code measured = false}; the
 * relation is named as the statement names it.
 */
public final class DocumentedLocks {
    private static final String MODE = "ShareUpdateExclusiveLock";

    private DocumentedLocks() {
    }

    public static List<LockTaken> of(int statement, String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        List<String> words = SqlTokens.leadingWords(tokens, 2);
        String target;
        String kind;
        if (!words.isEmpty() && words.get(0).equals("CREATE")) {
            int on = SqlTokens.find(tokens, "ON", 0);
            int start = on + 1 < tokens.size() && "ONLY".equals(tokens.get(on + 1).upper()) ? on + 2 : on + 1;
            target = on < 0 ? null : name(sql, tokens, start);
            kind = "table";
        } else {
            target = null;
            kind = words.size() > 1 && words.get(1).equals("INDEX") ? "index" : "table";
        }
        return List.of(new LockTaken(statement, target == null ? "(the statement's target)" : target, kind, MODE,
                false, false));
    }

    /** A possibly qualified name starting at {@code start}: words, quoted identifiers and dots. */
    private static String name(String sql, List<Token> tokens, int start) {
        int end = start;
        while (end < tokens.size() && (tokens.get(end).word() || tokens.get(end).text().startsWith("\"")
                || tokens.get(end).text().equals("."))) {
            if (tokens.get(end).word() && tokens.get(end).upper().equals("USING")) {
                break;
            }
            end++;
        }
        return end == start ? null : sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
    }
}
