package dev.airlock.sandbox.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokensTest {
    @Test
    void quotedTextCommentsAndDollarQuotesAreSingleTokensOrDropped() {
        List<SqlTokens.Token> tokens = SqlTokens.of("UPDATE \"Where\" SET a = E'it\\'s WHERE' /* WHERE */ -- WHERE\n"
                + ", b = $x$ WHERE $x$ WHERE c = 1");
        assertThat(tokens).extracting(SqlTokens.Token::text).containsExactly("UPDATE", "\"Where\"", "SET", "a", "=",
                "E'it\\'s WHERE'", ",", "b", "=", "$x$ WHERE $x$", "WHERE", "c", "=", "1");
        assertThat(SqlTokens.find(tokens, "WHERE", 0)).isEqualTo(10);
    }

    @Test
    void depthCountsParentheses() {
        List<SqlTokens.Token> tokens = SqlTokens.of("DELETE FROM t WHERE x IN (SELECT y FROM u WHERE z) RETURNING *");
        assertThat(SqlTokens.find(tokens, "WHERE", 3)).isEqualTo(3);
        assertThat(SqlTokens.find(tokens, "WHERE", 4)).isEqualTo(-1);
        assertThat(SqlTokens.contains(tokens, "RETURNING")).isTrue();
    }
}
