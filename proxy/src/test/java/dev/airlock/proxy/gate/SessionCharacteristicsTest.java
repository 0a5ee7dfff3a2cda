package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.StatementSplitter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SET SESSION CHARACTERISTICS AS TRANSACTION: isolation levels, READ ONLY and DEFERRABLE pass, READ WRITE never. */
class SessionCharacteristicsTest {
    private final SessionSettings settings = new SessionSettings(List.of("public"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE | allowed",
            "set session characteristics as transaction read only | allowed",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY, NOT DEFERRABLE | allowed",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED DEFERRABLE | allowed",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED | allowed",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE | 25006",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE | 25006",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY READ WRITE | 25006",
            "SET SESSION CHARACTERISTICS AS TRANSACTION | 42501",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL CHAOS | 42501",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY, | 42501",
            "SET SESSION CHARACTERISTICS AS TRANSACTION , READ ONLY | 42501",
            "SET SESSION CHARACTERISTICS TRANSACTION READ ONLY | 42501",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY SNAPSHOT | 42501",
            "SET SESSION AUTHORIZATION postgres | 42501"})
    void onlyModesThatKeepTheSessionReadOnlyAreAllowed(String sql, String expected) {
        List<SqlStatement> statements = StatementSplitter.split(sql, true);
        Classification decided = settings.set(statements.get(0), schemas -> { });

        String outcome = decided.kind() == StatementKind.SESSION_SETTING ? "allowed" : decided.refusal().code();
        assertThat(outcome).isEqualTo(expected);
    }
}
