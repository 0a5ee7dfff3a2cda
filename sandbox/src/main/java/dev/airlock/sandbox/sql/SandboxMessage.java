package dev.airlock.sandbox.sql;

import org.postgresql.util.ServerErrorMessage;

/**
 * An error or notice as the sandbox's PostgreSQL sent it: severity, SQLSTATE, message, detail,
 * hint, and the 1-based character position in the statement where the server located it (0 when
 * it gave none).
 */
public record SandboxMessage(String severity, String sqlState, String message, String detail, String hint,
                             int position, String where) {

    public static SandboxMessage of(ServerErrorMessage server) {
        return new SandboxMessage(server.getSeverity(), server.getSQLState(), server.getMessage(), server.getDetail(),
                server.getHint(), server.getPosition(), server.getWhere());
    }

    /** An error raised inside an EXECUTE of the client's statement: position and no PL/pgSQL context. */
    public static SandboxMessage ofInner(ServerErrorMessage server) {
        return new SandboxMessage(server.getSeverity(), server.getSQLState(), server.getMessage(), server.getDetail(),
                server.getHint(), server.getInternalPosition(), null);
    }

    /** A message Airlock itself gives about a statement (not run, refused), with Airlock's reason. */
    public static SandboxMessage airlock(String sqlState, String message) {
        return new SandboxMessage("ERROR", sqlState, message, null, null, 0, null);
    }
}
