package dev.airlock.proxy.lexer;

/** Text PostgreSQL's scanner would reject, with its message and the offending position. */
public final class LexException extends RuntimeException {
    private final int position;

    public LexException(String message, int position) {
        super(message, null, false, false);
        this.position = position;
    }

    /** Zero-based offset in the source text. */
    public int position() {
        return position;
    }
}
