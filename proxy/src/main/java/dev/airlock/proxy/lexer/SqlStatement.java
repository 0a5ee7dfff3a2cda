package dev.airlock.proxy.lexer;

import java.util.List;

/**
 * One statement of a query string: its tokens (without the terminating semicolon) and its exact
 * text from the first token to the last, comments inside included. The token list is a read-only
 * view; whoever builds a statement hands its list over and does not change it afterwards.
 */
public record SqlStatement(String text, int start, int end, List<Token> tokens) {
    public SqlStatement {
        tokens = java.util.Collections.unmodifiableList(tokens);
    }

    public Token first() {
        return tokens.get(0);
    }

    /** The word at {@code index} if that token is an unquoted word, else null. */
    public String word(int index) {
        if (index >= tokens.size()) {
            return null;
        }
        Token token = tokens.get(index);
        return token.type() == TokenType.IDENTIFIER ? token.value() : null;
    }
}
