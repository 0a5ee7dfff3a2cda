package dev.airlock.sandbox.rows;

import dev.airlock.sandbox.sql.SqlTokens.Token;
import dev.airlock.sandbox.sql.SqlTokens;
import java.util.List;
import java.util.Optional;

/**
 * The read that counts what an UPDATE or DELETE would touch, cut from its own text: the target
 * (with ONLY and alias as written), the USING or FROM list and the WHERE condition, each copied
 * byte for byte. {@code DELETE FROM t a USING u WHERE c} becomes
 * {@code SELECT count(*) FROM t a WHERE EXISTS (SELECT FROM u WHERE c)}. Statements with a WITH
 * clause, WHERE CURRENT OF, or any other shape get none.
 */
public record DerivedRead(String countQuery, boolean hasCondition) {

    public static Optional<DerivedRead> of(String sql) {
        List<Token> tokens = withoutTrailingSemicolons(SqlTokens.of(sql));
        if (tokens.size() < 3) {
            return Optional.empty();
        }
        String first = tokens.get(0).word() ? tokens.get(0).upper() : "";
        int targetStart;
        int targetEnd;
        String listKeyword;
        if (first.equals("DELETE") && "FROM".equals(tokens.get(1).upper())) {
            targetStart = 2;
            listKeyword = "USING";
            targetEnd = firstOf(tokens, 2, "USING", "WHERE", "RETURNING");
        } else if (first.equals("UPDATE")) {
            targetStart = 1;
            listKeyword = "FROM";
            targetEnd = SqlTokens.find(tokens, "SET", 1);
            if (targetEnd < 0) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        int list = SqlTokens.find(tokens, listKeyword, targetEnd);
        int where = SqlTokens.find(tokens, "WHERE", targetEnd);
        int returning = SqlTokens.find(tokens, "RETURNING", targetEnd);
        int end = returning >= 0 ? returning : tokens.size();
        if (where >= 0 && where + 1 < tokens.size() && "CURRENT".equals(tokens.get(where + 1).upper())) {
            return Optional.empty();
        }
        String target = text(sql, tokens, targetStart, targetEnd);
        String condition = where >= 0 ? text(sql, tokens, where + 1, end) : null;
        String from = list >= 0 ? text(sql, tokens, list + 1, where >= 0 ? where : end) : null;
        if (target == null) {
            return Optional.empty();
        }
        String query = "SELECT count(*) FROM " + target;
        if (from != null) {
            query += " WHERE EXISTS (SELECT FROM " + from + (condition == null ? "" : " WHERE " + condition) + ")";
        } else if (condition != null) {
            query += " WHERE " + condition;
        }
        return Optional.of(new DerivedRead(query, condition != null || from != null));
    }

    private static int firstOf(List<Token> tokens, int from, String... keywords) {
        int first = tokens.size();
        for (String keyword : keywords) {
            int at = SqlTokens.find(tokens, keyword, from);
            if (at >= 0) {
                first = Math.min(first, at);
            }
        }
        return first;
    }

    private static String text(String sql, List<Token> tokens, int from, int to) {
        if (from >= to || from >= tokens.size()) {
            return null;
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    private static List<Token> withoutTrailingSemicolons(List<Token> tokens) {
        int size = tokens.size();
        while (size > 0 && tokens.get(size - 1).text().equals(";")) {
            size--;
        }
        return tokens.subList(0, size);
    }
}
