package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.audit.AuditedStatement.StatementRecording;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Literals never survive redaction; text the scanner is unsure of is hashed instead. */
class SqlRedactorTest {

    static Stream<Arguments> redacted() {
        return Stream.of(
                Arguments.of("SELECT * FROM users WHERE email = 'alice@example.com'", "SELECT * FROM users WHERE email = ?"),
                Arguments.of("SELECT 'it''s' || 'x'", "SELECT ? || ?"),
                Arguments.of("ALTER ROLE app PASSWORD 'hunter2'", "ALTER ROLE app PASSWORD ?"),
                Arguments.of("SELECT E'sec\\'ret\\\\'", "SELECT ?"),
                Arguments.of("SELECT e'x', B'1010', X'1F', N'nat'", "SELECT ?, ?, ?, ?"),
                Arguments.of("SELECT $$dollar secret$$, $tag$ it's $$ inside $tag$", "SELECT ?, ?"),
                Arguments.of("UPDATE t1 SET a = 42, b = -3.5e-7, c = .5, d = 0x1F, e = 1_000 WHERE id = $1",
                        "UPDATE t1 SET a = ?, b = -?, c = ?, d = ?, e = ? WHERE id = $1"),
                Arguments.of("SELECT \"col 'not a string'\" FROM \"t\"\"x\"", "SELECT \"col 'not a string'\" FROM \"t\"\"x\""),
                Arguments.of("SELECT 1 -- password 'x'\nFROM t", "SELECT ?  \nFROM t"),
                Arguments.of("SELECT /* a /* nested 'x' */ 99 */ 2", "SELECT   ?"),
                Arguments.of("SELECT x'abc' FROM t", "SELECT ? FROM t"),
                Arguments.of("SELECT a$1, x2y FROM t$ WHERE n = 7::int", "SELECT a$1, x2y FROM t$ WHERE n = ?::int"));
    }

    @ParameterizedTest
    @MethodSource("redacted")
    void literalsBecomeQuestionMarks(String sql, String expected) {
        assertThat(SqlRedactor.redact(sql)).contains(expected);
        AuditedStatement statement = AuditedStatement.of(sql, 2, StatementRecording.REDACTED);
        assertThat(statement.text()).isEqualTo(expected);
        assertThat(statement.toJson().toString()).doesNotContain("secret", "hunter2", "alice@", "42", "nat'");
        assertThat(statement.toJson().get("parameters").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'unterminated",
        "SELECT 'back\\slash'",            // meaning depends on standard_conforming_strings
        "SELECT U&'d\\0061t\\+000061'",
        "SELECT $tag$ never closed",
        "SELECT \"unterminated",
        "SELECT /* unterminated",
        "\\connect other",
        "SELECT abc'def'",                 // a quote glued to an identifier: no form this scanner knows
        "SELECT 'nul\0'"})
    void unsureTextIsHashedNotLeaked(String sql) {
        assertThat(SqlRedactor.redact(sql)).isEmpty();
        AuditedStatement statement = AuditedStatement.of(sql, 0, StatementRecording.REDACTED);
        assertThat(statement.text()).isNull();
        assertThat(statement.sha256()).hasSize(64);
        assertThat(statement.toJson().toString()).doesNotContain("abc", "unterminated", "never");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "ALTER ROLE app PASSWORD 'hunter2'"})
    void hashModeRecordsOnlyTheHash(String sql) {
        AuditedStatement statement = AuditedStatement.of(sql, 1, StatementRecording.SHA256);

        assertThat(statement.text()).isNull();
        assertThat(statement.toJson().fieldNames()).toIterable().containsExactly("sql_sha256", "parameters");
    }
}
