package dev.airlock.proxy.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * A scanner that cuts SQL text into tokens exactly where PostgreSQL's own scanner (scan.l) does.
 * The gate relies on it to find statement boundaries and every name, operator and literal, so
 * every rule that decides where a token ends follows the server:
 *
 * <ul>
 *   <li>{@code '...'} strings follow {@code standard_conforming_strings}: when off, a backslash
 *       escapes the next character, as in {@code E'...'}. Doubled quotes stay inside. A string
 *       followed by whitespace containing a newline and another quote continues.</li>
 *   <li>{@code B'...'} and {@code X'...'} end at the first quote; {@code U&'...'} and
 *       {@code U&"..."} end like standard strings and are refused when
 *       {@code standard_conforming_strings} is off.</li>
 *   <li>{@code $tag$...$tag$} needs the same tag to close; {@code $1} is a parameter.</li>
 *   <li>{@code /* *}{@code /} comments nest; {@code --} comments end at LF or CR.</li>
 *   <li>An operator is the longest run of operator characters, cut before an embedded
 *       {@code /*} or {@code --}, and losing trailing {@code +}/{@code -} unless it contains one of
 *       {@code ~ ! @ # % ^ & | ` ?}.</li>
 *   <li>A number directly followed by a letter is an error (PostgreSQL 15's "trailing junk").</li>
 *   <li>Identifiers are down-cased in ASCII only (UTF8) and truncated to 63 bytes.</li>
 * </ul>
 *
 * <p>Anything PostgreSQL would reject while scanning raises {@link LexException}.
 */
public final class Lexer {
    private final String text;
    private final boolean standardConformingStrings;
    private final List<Token> tokens;
    private int pos;

    private Lexer(String text, boolean standardConformingStrings) {
        this.text = text;
        this.standardConformingStrings = standardConformingStrings;
        this.tokens = new ArrayList<>(expectedTokens(text));
    }

    /** About one token per five characters, so a typical statement's list never grows. */
    private static int expectedTokens(String text) {
        return Math.min(text.length() / 5 + 8, 1024);
    }

    public static List<Token> tokenize(String text, boolean standardConformingStrings) {
        Lexer lexer = new Lexer(text, standardConformingStrings);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (skipWhitespaceAndComments()) {
            char c = text.charAt(pos);
            char next = charAt(pos + 1);
            if (c == '\'') {
                quotedString(pos, pos, standardConformingStrings ? StringKind.STANDARD : StringKind.ESCAPED);
            } else if ((c == 'e' || c == 'E') && next == '\'') {
                quotedString(pos, pos + 1, StringKind.ESCAPED);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'') {
                quotedString(pos, pos + 1, StringKind.BITS);
            } else if ((c == 'n' || c == 'N') && next == '\'') {
                quotedString(pos, pos + 1, standardConformingStrings ? StringKind.STANDARD : StringKind.ESCAPED);
            } else if ((c == 'u' || c == 'U') && next == '&' && (charAt(pos + 2) == '\'' || charAt(pos + 2) == '"')) {
                unicodeEscaped();
            } else if (c == '"') {
                quotedIdentifier(pos, pos, false);
            } else if (c == '$') {
                dollar();
            } else if (isDigit(c) || c == '.' && isDigit(next)) {
                number();
            } else if (isIdentifierStart(c)) {
                identifier();
            } else if (isSelf(c) || isOperatorChar(c)) {
                operator();
            } else {
                throw new LexException("syntax error at or near \"" + c + "\"", pos);
            }
        }
    }

    /** Skips blanks and comments; false at the end of the text. */
    private boolean skipWhitespaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && charAt(pos + 1) == '-') {
                while (pos < text.length() && !isNewline(text.charAt(pos))) {
                    pos++;
                }
            } else if (c == '/' && charAt(pos + 1) == '*') {
                skipBlockComment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void skipBlockComment() {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            if (text.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (text.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new LexException("unterminated /* comment", start);
    }

    private enum StringKind { STANDARD, ESCAPED, BITS, UNICODE }

    /**
     * A quoted string whose opening quote is at {@code quote}; {@code start} includes any prefix.
     * Handles the newline continuation of PostgreSQL ({@code 'a'} newline {@code 'b'} is 'ab').
     */
    private void quotedString(int start, int quote, StringKind kind) {
        StringBuilder value = new StringBuilder();
        pos = quote;
        while (true) {
            pos++;
            readStringBody(kind, value, start);
            int continuation = continuationQuote(pos);
            if (continuation < 0) {
                break;
            }
            pos = continuation;
        }
        TokenType type = kind == StringKind.BITS ? TokenType.BIT_STRING : TokenType.STRING;
        tokens.add(new Token(type, start, pos, value.toString()));
    }

    /** Reads up to and including the closing quote. */
    private void readStringBody(StringKind kind, StringBuilder value, int start) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\'') {
                if (kind != StringKind.BITS && charAt(pos + 1) == '\'') {
                    value.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                return;
            }
            if (c == '\\' && kind == StringKind.ESCAPED) {
                if (pos + 1 >= text.length()) {
                    break;
                }
                value.append(c).append(text.charAt(pos + 1));
                pos += 2;
                continue;
            }
            value.append(c);
            pos++;
        }
        throw new LexException("unterminated quoted string", start);
    }

    /**
     * Where a string continues after {@code from}: whitespace that contains a newline (with only
     * {@code --} comments besides), then a quote. Returns the quote's position, or -1.
     */
    private int continuationQuote(int from) {
        int i = from;
        boolean newline = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isNewline(c)) {
                newline = true;
                i++;
            } else if (isSpace(c)) {
                i++;
            } else if (newline && c == '-' && charAt(i + 1) == '-') {
                while (i < text.length() && !isNewline(text.charAt(i))) {
                    i++;
                }
            } else {
                break;
            }
        }
        return newline && charAt(i) == '\'' ? i : -1;
    }

    private void unicodeEscaped() {
        if (!standardConformingStrings) {
            throw new LexException("unsafe use of string constant with Unicode escapes", pos);
        }
        int start = pos;
        if (charAt(pos + 2) == '\'') {
            quotedString(start, pos + 2, StringKind.UNICODE);
        } else {
            quotedIdentifier(start, pos + 2, true);
        }
    }

    private void quotedIdentifier(int start, int quote, boolean unicode) {
        StringBuilder value = new StringBuilder();
        pos = quote + 1;
        while (true) {
            if (pos >= text.length()) {
                throw new LexException("unterminated quoted identifier", start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (charAt(pos + 1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            value.append(c);
            pos++;
        }
        if (value.length() == 0) {
            throw new LexException("zero-length delimited identifier", start);
        }
        String name = unicode ? value.toString() : Identifiers.truncate(value.toString());
        tokens.add(new Token(TokenType.QUOTED_IDENTIFIER, start, pos, name));
    }

    /** {@code $n} parameters and {@code $tag$...$tag$} strings. */
    private void dollar() {
        int start = pos;
        if (isDigit(charAt(pos + 1))) {
            pos++;
            while (isDigit(charAt(pos))) {
                pos++;
            }
            rejectTrailingJunk(start);
            tokens.add(new Token(TokenType.PARAMETER, start, pos, text.substring(start, pos)));
            return;
        }
        int tagEnd = pos + 1;
        if (isDollarTagStart(charAt(tagEnd))) {
            tagEnd++;
            while (isDollarTagContinue(charAt(tagEnd))) {
                tagEnd++;
            }
        }
        if (charAt(tagEnd) != '$') {
            throw new LexException("syntax error at or near \"$\"", start);
        }
        String delimiter = text.substring(start, tagEnd + 1);
        int close = text.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            throw new LexException("unterminated dollar-quoted string", start);
        }
        pos = close + delimiter.length();
        tokens.add(new Token(TokenType.STRING, start, pos, text.substring(tagEnd + 1, close)));
    }

    private void number() {
        int start = pos;
        char next = charAt(pos + 1);
        if (text.charAt(pos) == '0' && (next == 'x' || next == 'X' || next == 'o' || next == 'O' || next == 'b' || next == 'B')
                && isDigitOfBase(charAt(pos + 2), next)) {
            pos += 2;
            while (isDigitOfBase(charAt(pos), next) || charAt(pos) == '_' && isDigitOfBase(charAt(pos + 1), next)) {
                pos++;
            }
        } else {
            digits();
            if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
                pos++;
                digits();
            }
            char e = charAt(pos);
            if (e == 'e' || e == 'E') {
                int exponent = pos + 1;
                if (charAt(exponent) == '+' || charAt(exponent) == '-') {
                    exponent++;
                }
                if (!isDigit(charAt(exponent))) {
                    throw new LexException("trailing junk after numeric literal at or near \""
                            + text.substring(start, Math.min(text.length(), exponent + 1)) + "\"", start);
                }
                pos = exponent;
                digits();
            }
        }
        rejectTrailingJunk(start);
        tokens.add(new Token(TokenType.NUMBER, start, pos, text.substring(start, pos)));
    }

    private void digits() {
        while (isDigit(charAt(pos)) || charAt(pos) == '_' && isDigit(charAt(pos + 1))) {
            pos++;
        }
    }

    private void rejectTrailingJunk(int start) {
        if (isIdentifierStart(charAt(pos))) {
            throw new LexException("trailing junk after numeric literal at or near \""
                    + text.substring(start, pos + 1) + "\"", start);
        }
    }

    private void identifier() {
        int start = pos;
        while (pos < text.length() && isIdentifierContinue(text.charAt(pos))) {
            pos++;
        }
        tokens.add(new Token(TokenType.IDENTIFIER, start, pos, Identifiers.normalize(text, start, pos)));
    }

    private void operator() {
        int start = pos;
        char c = text.charAt(pos);
        char next = charAt(pos + 1);
        if (c == ':' && next == ':') {
            add(TokenType.TYPECAST, start, 2);
            return;
        }
        if (c == ':' && next == '=') {
            add(TokenType.COLON_EQUALS, start, 2);
            return;
        }
        if (c == '.' && next == '.') {
            add(TokenType.DOT_DOT, start, 2);
            return;
        }
        if (!isOperatorChar(c)) {
            add(TokenType.PUNCTUATION, start, 1);
            return;
        }
        int end = pos;
        while (end < text.length() && isOperatorChar(text.charAt(end))) {
            end++;
        }
        String run = text.substring(pos, end);
        int length = run.length();
        int comment = firstCommentStart(run);
        if (comment >= 0) {
            length = comment;
        }
        if (length > 1 && (run.charAt(length - 1) == '+' || run.charAt(length - 1) == '-')
                && !containsNonSqlOperatorChar(run, length - 1)) {
            do {
                length--;
            } while (length > 1 && (run.charAt(length - 1) == '+' || run.charAt(length - 1) == '-'));
        }
        String op = run.substring(0, length);
        TokenType type;
        if (length == 1 && isSelf(op.charAt(0))) {
            type = TokenType.PUNCTUATION;
        } else {
            type = switch (op) {
                case "=>" -> TokenType.EQUALS_GREATER;
                case "<=" -> TokenType.LESS_EQUALS;
                case ">=" -> TokenType.GREATER_EQUALS;
                case "<>", "!=" -> TokenType.NOT_EQUALS;
                default -> TokenType.OPERATOR;
            };
        }
        add(type, start, length);
    }

    private static int firstCommentStart(String run) {
        int slashStar = run.indexOf("/*");
        int dashDash = run.indexOf("--");
        if (slashStar < 0) {
            return dashDash;
        }
        return dashDash < 0 ? slashStar : Math.min(slashStar, dashDash);
    }

    private static boolean containsNonSqlOperatorChar(String run, int before) {
        for (int i = 0; i < before; i++) {
            if ("~!@#^&|`?%".indexOf(run.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private void add(TokenType type, int start, int length) {
        pos = start + length;
        String value = length == 1 ? SINGLE_CHARACTERS[text.charAt(start) & 0x7f] : text.substring(start, pos);
        tokens.add(new Token(type, start, pos, value));
    }

    /** Shared strings for one-character tokens, so punctuation costs no allocation. */
    private static final String[] SINGLE_CHARACTERS = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            SINGLE_CHARACTERS[c] = String.valueOf(c).intern();
        }
    }

    private char charAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDigitOfBase(char c, char base) {
        return switch (base) {
            case 'x', 'X' -> isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            case 'o', 'O' -> c >= '0' && c <= '7';
            default -> c == '0' || c == '1';
        };
    }

    private static final boolean[] IDENTIFIER_START = new boolean[128];
    private static final boolean[] IDENTIFIER_CONTINUE = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            IDENTIFIER_START[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            IDENTIFIER_CONTINUE[c] = IDENTIFIER_START[c] || c >= '0' && c <= '9' || c == '$';
        }
    }

    /** Letters, underscore, and every non-ASCII character (PostgreSQL's [\200-\377] bytes of UTF-8). */
    static boolean isIdentifierStart(char c) {
        return c >= 0x80 || IDENTIFIER_START[c];
    }

    static boolean isIdentifierContinue(char c) {
        return c >= 0x80 || IDENTIFIER_CONTINUE[c];
    }

    private static boolean isDollarTagStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isDollarTagContinue(char c) {
        return isDollarTagStart(c) || isDigit(c);
    }

    private static boolean isSelf(char c) {
        return ",()[].;:+-*/%^<>=".indexOf(c) >= 0;
    }

    private static boolean isOperatorChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }
}
