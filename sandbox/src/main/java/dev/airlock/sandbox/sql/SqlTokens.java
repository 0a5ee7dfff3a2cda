package dev.airlock.sandbox.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.core.Parser;

/**
 * A token list of one SQL statement, just enough to find its leading keywords and its top-level
 * clauses (WHERE, USING, RETURNING, ...). Quoting rules are PostgreSQL's, through pgjdbc's own
 * scanners ({@code standard_conforming_strings = on}, E'' strings, dollar quotes, quoted
 * identifiers, nested comments); comments and whitespace are dropped. Each token keeps its
 * offsets in the text and its parenthesis depth. Airlock's gate proves statements read-only with
 * its own lexer; this one only slices statements the sandbox already ran.
 */
public final class SqlTokens {
    /** A token: a word (upper-cased in {@code upper}), a quoted literal or identifier, or one symbol. */
    public record Token(String text, String upper, int start, int end, int depth, boolean word) {
    }

    private SqlTokens() {
    }

    public static List<Token> of(String sql) {
        char[] chars = sql.toCharArray();
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < chars.length) {
            char c = chars[i];
            int end;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '-' && i + 1 < chars.length && chars[i + 1] == '-') {
                i = Parser.parseLineComment(chars, i) + 1;
                continue;
            } else if (c == '/' && i + 1 < chars.length && chars[i + 1] == '*') {
                i = Parser.parseBlockComment(chars, i) + 1;
                continue;
            } else if (c == '\'') {
                end = Parser.parseSingleQuotes(chars, i, true) + 1;
            } else if (c == '"') {
                end = Parser.parseDoubleQuotes(chars, i) + 1;
            } else if (c == '$' && Parser.parseDollarQuotes(chars, i) > i) {
                end = Parser.parseDollarQuotes(chars, i) + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                end = i;
                while (end < chars.length && (Character.isLetterOrDigit(chars[end]) || chars[end] == '_' || chars[end] == '$')) {
                    end++;
                }
                if (end < chars.length && chars[end] == '\'' && end - i == 1 && "EeUuBbXxNn".indexOf(c) >= 0) {
                    end = Parser.parseSingleQuotes(chars, end, true) + 1;
                    tokens.add(new Token(sql.substring(i, end), null, i, end, depth, false));
                    i = end;
                    continue;
                }
                String text = sql.substring(i, end);
                tokens.add(new Token(text, text.toUpperCase(Locale.ROOT), i, end, depth, true));
                i = end;
                continue;
            } else {
                if (c == ')') {
                    depth--;
                }
                tokens.add(new Token(String.valueOf(c), String.valueOf(c), i, i + 1, depth, false));
                if (c == '(') {
                    depth++;
                }
                i++;
                continue;
            }
            end = Math.min(end, chars.length);
            tokens.add(new Token(sql.substring(i, end), null, i, end, depth, false));
            i = end;
        }
        return tokens;
    }

    /** The upper-cased leading words, up to {@code count} of them (fewer if a non-word comes first). */
    public static List<String> leadingWords(List<Token> tokens, int count) {
        List<String> words = new ArrayList<>();
        for (Token token : tokens) {
            if (!token.word() || words.size() == count) {
                break;
            }
            words.add(token.upper());
        }
        return words;
    }

    /** Index of the first top-level word {@code keyword} at or after {@code from}, or -1. */
    public static int find(List<Token> tokens, String keyword, int from) {
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.depth() == 0 && token.word() && token.upper().equals(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any top-level word of the statement is {@code keyword}. */
    public static boolean contains(List<Token> tokens, String keyword) {
        return find(tokens, keyword, 0) >= 0;
    }
}
