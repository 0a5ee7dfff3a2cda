package dev.airlock.proxy.lexer;

/**
 * One token: its kind, where it is in the source ({@code start} inclusive, {@code end} exclusive,
 * in UTF-16 units) and its value: the normalised name for identifiers, the unescaped content for
 * strings, the text itself for everything else.
 */
public record Token(TokenType type, int start, int end, String value) {

    public boolean isWord(String word) {
        return type == TokenType.IDENTIFIER && value.equals(word);
    }

    public boolean isPunctuation(char c) {
        return type == TokenType.PUNCTUATION && value.length() == 1 && value.charAt(0) == c;
    }

    public boolean isLiteral() {
        return type == TokenType.STRING || type == TokenType.BIT_STRING || type == TokenType.NUMBER;
    }

    public boolean isName() {
        return type == TokenType.IDENTIFIER || type == TokenType.QUOTED_IDENTIFIER;
    }
}
