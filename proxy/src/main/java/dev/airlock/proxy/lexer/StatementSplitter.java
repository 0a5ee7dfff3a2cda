package dev.airlock.proxy.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a query string into statements at semicolons outside parentheses, as psql does. A
 * semicolon inside the body of {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ...
 * END} does not end the statement (psql's heuristic: count BEGIN, CASE and END after such a
 * start). Empty statements ({@code ;;}) are dropped, as the server drops them.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<SqlStatement> split(String text, boolean standardConformingStrings) {
        List<Token> tokens = Lexer.tokenize(text, standardConformingStrings);
        List<SqlStatement> statements = new ArrayList<>(2);
        int first = 0;
        int parenDepth = 0;
        int beginDepth = 0;
        RoutineStart routine = new RoutineStart();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isPunctuation(';') && parenDepth == 0 && beginDepth == 0) {
                addStatement(text, tokens.subList(first, i), statements);
                first = i + 1;
                routine = new RoutineStart();
            } else if (token.isPunctuation('(')) {
                parenDepth++;
            } else if (token.isPunctuation(')') && parenDepth > 0) {
                parenDepth--;
            } else if (token.type() == TokenType.IDENTIFIER) {
                routine.see(token.value());
                if (routine.isRoutine() && parenDepth == 0) {
                    beginDepth = nestBody(token.value(), beginDepth);
                }
            }
        }
        addStatement(text, tokens.subList(first, tokens.size()), statements);
        return statements;
    }

    private static int nestBody(String word, int depth) {
        return switch (word) {
            case "begin" -> depth + 1;
            case "case" -> depth >= 1 ? depth + 1 : depth;
            case "end" -> depth > 0 ? depth - 1 : depth;
            default -> depth;
        };
    }

    /** Adds the statement made of {@code tokens}, a view of the lexer's list, which nothing changes afterwards. */
    private static void addStatement(String text, List<Token> tokens, List<SqlStatement> statements) {
        if (tokens.isEmpty()) {
            return;
        }
        int start = tokens.get(0).start();
        int end = tokens.get(tokens.size() - 1).end();
        String statementText = start == 0 && end == text.length() ? text : text.substring(start, end);
        statements.add(new SqlStatement(statementText, start, end, tokens));
    }

    /** Whether a statement begins CREATE [OR REPLACE] FUNCTION or PROCEDURE, from its first words. */
    private static final class RoutineStart {
        private final char[] initials = new char[4];
        private int count;

        void see(String word) {
            if (count < initials.length && (word.equals("create") || word.equals("function")
                    || word.equals("procedure") || word.equals("or") || word.equals("replace"))) {
                initials[count] = word.charAt(0);
            }
            count++;
        }

        boolean isRoutine() {
            return initials[0] == 'c' && (initials[1] == 'f' || initials[1] == 'p'
                    || initials[1] == 'o' && initials[2] == 'r' && (initials[3] == 'f' || initials[3] == 'p'));
        }
    }
}
