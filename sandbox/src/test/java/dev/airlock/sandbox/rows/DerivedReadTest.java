package dev.airlock.sandbox.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivedReadTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM t WHERE id = 1                         | SELECT count(*) FROM t WHERE id = 1",
        "DELETE FROM ONLY s.t AS x WHERE x.id > $1;         | SELECT count(*) FROM ONLY s.t AS x WHERE x.id > $1",
        "DELETE FROM t                                      | SELECT count(*) FROM t",
        "DELETE FROM t USING u WHERE t.id = u.id RETURNING t.id | SELECT count(*) FROM t WHERE EXISTS (SELECT FROM u WHERE t.id = u.id)",
        "UPDATE t SET a = (SELECT b FROM u WHERE u.id = t.id) WHERE t.c | SELECT count(*) FROM t WHERE t.c",
        "UPDATE t AS x SET a = 1 FROM u WHERE u.k = x.k     | SELECT count(*) FROM t AS x WHERE EXISTS (SELECT FROM u WHERE u.k = x.k)",
        "update t set a = substring(b from 2) where c = 'WHERE' | SELECT count(*) FROM t WHERE c = 'WHERE'",
    })
    void cutsTheCountFromTheStatementsOwnText(String write, String count) {
        assertThat(DerivedRead.of(write).map(DerivedRead::countQuery)).contains(count);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WITH d AS (DELETE FROM t RETURNING *) SELECT 1",
        "DELETE FROM t WHERE CURRENT OF c",
        "INSERT INTO t VALUES (1)",
        "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE",
    })
    void derivesNothingFromOtherShapes(String write) {
        assertThat(DerivedRead.of(write)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"DELETE FROM t | false", "DELETE FROM t WHERE a | true", "UPDATE t SET a = 1 | false"})
    void saysWhetherTheWriteHasACondition(String write, boolean condition) {
        assertThat(DerivedRead.of(write).orElseThrow().hasCondition()).isEqualTo(condition);
    }
}
