package dev.airlock.sandbox.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementClassTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "ALTER TABLE t ADD COLUMN c int                        | TRANSACTIONAL",
        "create index concurrently i on t (c)                  | NON_TRANSACTIONAL",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c) | NON_TRANSACTIONAL",
        "CREATE INDEX i ON t (c)                               | TRANSACTIONAL",
        "DROP INDEX CONCURRENTLY i                             | NON_TRANSACTIONAL",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY t                | NON_TRANSACTIONAL",
        "ALTER TABLE p DETACH PARTITION c CONCURRENTLY         | NON_TRANSACTIONAL",
        "VACUUM t                                              | NON_TRANSACTIONAL",
        "/* comment */ BEGIN                                   | TRANSACTION_START",
        "START TRANSACTION ISOLATION LEVEL SERIALIZABLE        | TRANSACTION_START",
        "COMMIT                                                | TRANSACTION_END",
        "end                                                   | TRANSACTION_END",
        "ROLLBACK                                              | TRANSACTION_END",
        "ROLLBACK TO SAVEPOINT s                               | TRANSACTIONAL",
        "PREPARE TRANSACTION 'x'                               | TRANSACTION_END",
        "PREPARE q AS SELECT 1                                 | TRANSACTIONAL",
        "CREATE DATABASE other                                 | SERVER_LEVEL",
        "ALTER SYSTEM SET work_mem = '1GB'                     | SERVER_LEVEL",
        "COPY t FROM STDIN                                     | SERVER_LEVEL",
        "COPY (SELECT 1) TO PROGRAM 'id'                       | SERVER_LEVEL",
        "COPY t FROM '/tmp/x'                                  | TRANSACTIONAL",
        "-- COMMIT\\nINSERT INTO t VALUES ('COMMIT')            | TRANSACTIONAL",
        "SELECT 'CREATE INDEX CONCURRENTLY'                    | TRANSACTIONAL",
    })
    void classifiesByLeadingKeywordsOutsideLiteralsAndComments(String sql, StatementClass expected) {
        assertThat(StatementClass.of(sql.replace("\\n", "\n"))).isEqualTo(expected);
    }
}
