package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.gate.StructureCheck.Outcome;
import dev.airlock.proxy.lexer.Lexer;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Words PostgreSQL lets name a column but JSqlParser reserves are read as names when nothing else
 * parses; as keywords they keep their meaning.
 */
class StructureCheckNamesTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final StructureCheck structure = new StructureCheck(Duration.ofSeconds(5), scheduler);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE 'x%'",
            "SELECT s.returns, s.unknown, s.csv FROM sales s WHERE s.returns > 0 ORDER BY returns",
            "SELECT count(*) AS statement FROM t GROUP BY prior, force, import HAVING count(enum) > 1",
            "SELECT int, t.numeric, varchar AS current FROM t",
            "SELECT x FROM t WHERE x BETWEEN 1 AND 2 AND EXISTS (SELECT 1) AND y::double precision > 0"})
    void namesAndKeywordsEachParseAsAQuery(String sql) {
        assertThat(structure.check(Lexer.tokenize(sql, true))).isEqualTo(Outcome.QUERY);
    }

    /**
     * Each word is in the set because JSqlParser refuses it somewhere PostgreSQL takes it as a name;
     * an upgrade that stops doing so fails here.
     */
    @Test
    void jsqlParserRefusesEveryWordInTheSetAsAName() {
        assertThat(StructureCheck.NAMES_JSQLPARSER_RESERVES).allSatisfy(word -> assertThat(Stream.of(
                "SELECT " + word + " FROM t", "SELECT t." + word + " FROM t", "SELECT 1 AS " + word,
                "SELECT " + word + " FROM t WHERE " + word + " = 1")).anySatisfy(sql ->
                assertThatThrownBy(() -> StructureCheck.parser(sql).Statement()).isNotNull()));
    }
}
