package dev.airlock.proxy.lexer;

/** Kinds of token, following PostgreSQL's scanner (scan.l). */
public enum TokenType {
    /** An unquoted word: a keyword or a name, down-cased and truncated as PostgreSQL does. */
    IDENTIFIER,
    /** {@code "name"} or {@code U&"name"}: case kept, never a keyword. */
    QUOTED_IDENTIFIER,
    /** {@code '...'}, {@code E'...'}, {@code U&'...'}, {@code N'...'} or {@code $tag$...$tag$}. */
    STRING,
    /** {@code B'...'} or {@code X'...'}. */
    BIT_STRING,
    NUMBER,
    /** {@code $1}, {@code $2}, ... */
    PARAMETER,
    /** A generic operator such as {@code ||}, {@code ->>}, {@code @>} or {@code ===}. */
    OPERATOR,
    /** One of {@code , ( ) [ ] . ; : + - * / % ^ < > =}. */
    PUNCTUATION,
    /** {@code ::} */
    TYPECAST,
    /** {@code ..} */
    DOT_DOT,
    /** {@code :=} */
    COLON_EQUALS,
    /** {@code =>} */
    EQUALS_GREATER,
    /** {@code <=} */
    LESS_EQUALS,
    /** {@code >=} */
    GREATER_EQUALS,
    /** {@code <>} or {@code !=} */
    NOT_EQUALS
}
