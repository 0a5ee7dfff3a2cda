package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.mirror.MirrorPolicy;
import dev.airlock.sandbox.mirror.Steward;
import dev.airlock.sandbox.sql.ExactStatementRunner;
import dev.airlock.sandbox.sql.SandboxMessage;
import dev.airlock.sandbox.sql.SqlTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Role statements run through the {@link Steward}, when production's change role may run them.
 *
 * <p>Only a statement that is nothing but a role statement goes: CREATE, ALTER or DROP ROLE, USER
 * or GROUP, made of words, quoted names, string literals, numbers, commas, dots, {@code =} and
 * {@code -}; no parentheses, no dollar quotes, no second statement. Such a statement has no
 * expressions and can only change roles. Right after it, still in the change set's transaction and
 * before anything else runs, the task role must not be able to become a superuser, a CREATEROLE
 * role or a predefined role that reaches server files, programs or other sessions; if it could,
 * the change set fails and is rolled back. Role changes are never kept (see {@link EffectEngine}).
 */
final class RoleStatements {
    private static final Set<String> KINDS = Set.of("ROLE", "USER", "GROUP");
    private static final Set<String> SYMBOLS = Set.of(",", ".", "=", "-");

    private final String key;
    private final Predicate<String> serverOwnRole;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;

    /** @param serverOwnRole whether a role is the sandbox server's own (its administrator, task roles): never touched */
    RoleStatements(String key, Predicate<String> serverOwnRole, Duration timeout, ScheduledExecutorService watchdog) {
        this.key = key;
        this.serverOwnRole = serverOwnRole;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    static boolean isRoleStatement(ChangeStatement statement) {
        if (!statement.parameters().isEmpty()) {
            return false;
        }
        List<SqlTokens.Token> tokens = SqlTokens.of(statement.sql());
        List<String> words = SqlTokens.leadingWords(tokens, 3);
        if (words.size() < 3 || !Set.of("CREATE", "ALTER", "DROP").contains(words.get(0))
                || !KINDS.contains(words.get(1)) || words.get(2).equals("MAPPING")) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token token = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            boolean allowed = token.word() || SYMBOLS.contains(token.text()) || (last && token.text().equals(";"))
                    || token.text().startsWith("\"") || token.text().startsWith("'")
                    || ((token.text().startsWith("E'") || token.text().startsWith("e'")) && !token.word());
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    ExactStatementRunner.Result run(Connection connection, ChangeStatement statement) throws SQLException {
        String own = namedServerRole(statement);
        if (own != null) {
            return new ExactStatementRunner.Result(null, 0, List.of(), SandboxMessage.airlock("0A000", "role " + own
                    + " is the sandbox server's own (production's role of that name is played by a stand-in);"
                    + " Airlock cannot compute a change to it"), null);
        }
        ChangeStatement call = new ChangeStatement(Steward.CALL, List.of(text(key), text(statement.sql())));
        ExactStatementRunner.Result result = ExactStatementRunner.runWrapped(connection, call, timeout, watchdog);
        if (result.failed()) {
            return result;
        }
        String reachable = privilegedRolesReachable(connection);
        if (reachable != null) {
            return new ExactStatementRunner.Result(null, 0, result.notices(), SandboxMessage.airlock("42501",
                    "the change would let the sandbox's task role become " + reachable + "; Airlock does not run it"
                            + " further (a sandbox task must never reach superuser, CREATEROLE, server files or programs)"),
                    null);
        }
        String tag = String.join(" ", SqlTokens.leadingWords(SqlTokens.of(statement.sql()), 2)).toUpperCase(Locale.ROOT);
        return new ExactStatementRunner.Result(tag, 0, result.notices(), null, null);
    }

    /** A role of the sandbox server's own that the statement names, or null. */
    private String namedServerRole(ChangeStatement statement) {
        for (SqlTokens.Token token : SqlTokens.of(statement.sql())) {
            String name = token.word() ? token.text().toLowerCase(Locale.ROOT)
                    : token.text().startsWith("\"") ? token.text().substring(1, token.text().length() - 1).replace("\"\"", "\"")
                    : null;
            if (name != null && serverOwnRole.test(name)) {
                return name;
            }
        }
        return null;
    }

    /** The privileged roles the session's own role can become, or null if none. */
    private static String privilegedRolesReachable(Connection connection) throws SQLException {
        String denied = MirrorPolicy.DENIED_PREDEFINED_ROLES.stream().sorted().map(r -> "'" + r + "'")
                .collect(Collectors.joining(", "));
        try (Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT pg_catalog.string_agg(r.rolname, ', ' ORDER BY r.rolname)"
                     + " FROM pg_catalog.pg_roles r WHERE pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')"
                     + " AND (r.rolsuper OR r.rolcreaterole OR r.rolname IN (" + denied + "))")) {
            row.next();
            return row.getString(1);
        }
    }

    private static BindParameter text(String value) {
        return new BindParameter(0, 0, value.getBytes(StandardCharsets.UTF_8));
    }
}
