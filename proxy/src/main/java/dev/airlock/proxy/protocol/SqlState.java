package dev.airlock.proxy.protocol;

/**
 * The SQLSTATE codes Airlock itself raises, with PostgreSQL's condition names. Errors that come
 * from a PostgreSQL server are relayed with the server's own fields and never pass through here.
 */
public enum SqlState {
    CONNECTION_EXCEPTION("08000"),
    CONNECTION_FAILURE("08006"),
    SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION("08001"),
    PROTOCOL_VIOLATION("08P01"),
    FEATURE_NOT_SUPPORTED("0A000"),
    CHARACTER_NOT_IN_REPERTOIRE("22021"),
    INVALID_PARAMETER_VALUE("22023"),
    READ_ONLY_SQL_TRANSACTION("25006"),
    IN_FAILED_SQL_TRANSACTION("25P02"),
    INVALID_AUTHORIZATION_SPECIFICATION("28000"),
    INVALID_PASSWORD("28P01"),
    INVALID_SQL_STATEMENT_NAME("26000"),
    INVALID_CATALOG_NAME("3D000"),
    SYNTAX_ERROR("42601"),
    INSUFFICIENT_PRIVILEGE("42501"),
    INSUFFICIENT_RESOURCES("53000"),
    TOO_MANY_CONNECTIONS("53300"),
    PROGRAM_LIMIT_EXCEEDED("54000"),
    STATEMENT_TOO_COMPLEX("54001"),
    QUERY_CANCELED("57014"),
    ADMIN_SHUTDOWN("57P01"),
    CANNOT_CONNECT_NOW("57P03"),
    INTERNAL_ERROR("XX000"),
    /** Airlock's own class ZA: the fate of an agent's change (documented in the README). */
    CHANGE_HELD("ZA001"),
    CHANGE_REJECTED("ZA002"),
    CHANGE_EXPIRED("ZA003"),
    CHANGE_CANCELLED("ZA004"),
    CHANGE_NEEDS_REAPPROVAL("ZA005"),
    CHANGE_NOT_FILED("ZA006");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
