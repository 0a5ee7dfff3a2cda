package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.ddl.DdlStatement;
import dev.airlock.sandbox.ddl.Phase;
import dev.airlock.sandbox.sql.Identifiers;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The role steward: one SECURITY DEFINER function in every mirror template, owned by the sandbox
 * administrator, that runs a role statement (CREATE/ALTER/DROP ROLE) given a key only Airlock
 * knows. A task role has no CREATEROLE (on PostgreSQL 15 it would let the task grant itself
 * server-program access), so this is how the sandbox computes the effect of role statements when
 * production's change role may run them. The key is in a table no task can read; the schema is
 * hidden from snapshots. Which statements may go through it, and the check that follows each, are
 * {@link dev.airlock.sandbox.effect.RoleStatements}'.
 */
public final class Steward {
    public static final String SCHEMA = "airlock_sandbox";
    public static final String CALL = "SELECT " + SCHEMA + ".run_role_statement($1, $2)";
    public static final String KEY_QUERY = "SELECT key FROM " + SCHEMA + ".steward_key";

    private Steward() {
    }

    static List<DdlStatement> install(String administrator) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        String owner = Identifiers.quote(administrator);
        return List.of(
                statement("CREATE SCHEMA " + SCHEMA + " AUTHORIZATION " + owner),
                statement("GRANT USAGE ON SCHEMA " + SCHEMA + " TO PUBLIC"),
                statement("CREATE TABLE " + SCHEMA + ".steward_key (key text NOT NULL)"),
                statement("REVOKE ALL ON TABLE " + SCHEMA + ".steward_key FROM PUBLIC"),
                statement("INSERT INTO " + SCHEMA + ".steward_key VALUES (" + Identifiers.literal(key) + ")"),
                statement("CREATE FUNCTION " + SCHEMA + ".run_role_statement(key text, statement text) RETURNS void"
                        + " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $steward$\n"
                        + "BEGIN\n"
                        + "    IF NOT EXISTS (SELECT FROM " + SCHEMA + ".steward_key k WHERE k.key = run_role_statement.key) THEN\n"
                        + "        RAISE EXCEPTION 'only Airlock runs role statements in the sandbox' USING ERRCODE = '42501';\n"
                        + "    END IF;\n"
                        + "    EXECUTE statement;\n"
                        + "END\n$steward$"));
    }

    private static DdlStatement statement(String sql) {
        return new DdlStatement(Phase.DEFAULT_PRIVILEGES, SCHEMA, sql);
    }
}
