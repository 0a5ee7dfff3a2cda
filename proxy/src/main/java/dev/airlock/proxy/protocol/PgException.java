package dev.airlock.proxy.protocol;

import dev.airlock.proxy.protocol.backend.ErrorResponse;

/**
 * A refusal or failure that reaches the client as an ErrorResponse. The one exception type for
 * every error Airlock raises on the wire: it carries the SQLSTATE, a message a person can act on,
 * and optionally a detail and a hint.
 */
public final class PgException extends RuntimeException {
    private final Severity severity;
    private final SqlState sqlState;
    private final String detail;
    private final String hint;

    public PgException(Severity severity, SqlState sqlState, String message, String detail, String hint) {
        super(message, null, false, false);
        this.severity = severity;
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
    }

    public static PgException error(SqlState sqlState, String message) {
        return new PgException(Severity.ERROR, sqlState, message, null, null);
    }

    public static PgException fatal(SqlState sqlState, String message) {
        return new PgException(Severity.FATAL, sqlState, message, null, null);
    }

    public PgException withHint(String newHint) {
        return new PgException(severity, sqlState, getMessage(), detail, newHint);
    }

    public PgException withDetail(String newDetail) {
        return new PgException(severity, sqlState, getMessage(), newDetail, hint);
    }

    public PgException asFatal() {
        return new PgException(Severity.FATAL, sqlState, getMessage(), detail, hint);
    }

    public Severity severity() {
        return severity;
    }

    public SqlState sqlState() {
        return sqlState;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    public boolean isFatal() {
        return severity == Severity.FATAL;
    }

    public ErrorResponse toErrorResponse() {
        return ErrorResponse.of(severity, sqlState, getMessage(), detail, hint);
    }
}
