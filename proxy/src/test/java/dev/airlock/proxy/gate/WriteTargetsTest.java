package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.catalog.RelationInfo;
import dev.airlock.proxy.lexer.StatementSplitter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteTargetsTest {
    private static final ProductionCatalog CATALOG = new ProductionCatalog(List.of(), List.of(),
            List.of(relation("public", "film"), relation("public", "actor"), relation("sales", "orders"),
                    relation("sales", "film")),
            List.of(), Map.of(), Set.of("public", "sales", "analytics"), "agent", List.of("$user", "public"), "fp");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            INSERT INTO film (title) VALUES ('x')                                  | public.film
            insert into "Mixed"."Case" values (1)                                   | Mixed.Case
            UPDATE ONLY sales.orders SET total = 0                                   | sales.orders
            DELETE FROM actor WHERE actor_id = 1                                     | public.actor
            MERGE INTO film f USING actor a ON false WHEN MATCHED THEN UPDATE SET title = 'x' WHEN MATCHED THEN DELETE | public.film
            INSERT INTO film VALUES (1) ON CONFLICT (film_id) DO UPDATE SET title = 'y' | public.film
            WITH gone AS (DELETE FROM actor RETURNING *) SELECT * FROM gone FOR UPDATE | public.actor
            SELECT * FROM film FOR NO KEY UPDATE                                      | *
            TRUNCATE TABLE ONLY film, sales.orders                                   | public.film,sales.orders
            COPY film (title) FROM STDIN                                             | public.film
            COPY (DELETE FROM actor RETURNING *) TO STDOUT                           | public.actor
            COPY film TO STDOUT                                                      | *
            CREATE TABLE (                                                           | *
            GRANT ALL ON FUNCTION analytics.f(int), g() TO reporting                 | analytics.f,public.g
            CREATE TABLE analytics.daily (d date)                                    | analytics.daily
            CREATE TABLE IF NOT EXISTS new_table (d date)                            | public.new_table
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS film_title ON ONLY film (title) | public.film
            CREATE INDEX ON sales.orders (total)                                     | sales.orders
            CREATE OR REPLACE TRIGGER t BEFORE INSERT ON actor FOR EACH ROW EXECUTE FUNCTION f() | public.actor
            CREATE POLICY p ON sales.orders USING (true)                             | sales.orders
            CREATE OR REPLACE FUNCTION analytics.f() RETURNS int LANGUAGE sql AS 'SELECT 1' | analytics.f
            CREATE MATERIALIZED VIEW mv AS SELECT 1                                  | public.mv
            CREATE SCHEMA reporting                                                  | reporting
            CREATE EXTENSION IF NOT EXISTS pgcrypto                                  | pgcrypto
            ALTER TABLE IF EXISTS ONLY film ADD COLUMN c int                         | public.film
            ALTER TABLE sales.film RENAME TO movie                                   | sales.film
            DROP TABLE film, sales.orders CASCADE                                    | public.film,sales.orders
            DROP INDEX film_title                                                    | public.film_title
            COMMENT ON TABLE film IS 'x'                                             | public.film
            COMMENT ON COLUMN sales.orders.total IS 'x'                              | sales.orders
            REFRESH MATERIALIZED VIEW CONCURRENTLY sales.mv                          | sales.mv
            GRANT SELECT, INSERT ON film, sales.orders TO reporting                  | public.film,sales.orders
            GRANT SELECT (title) ON TABLE film TO reporting                          | public.film
            REVOKE ALL ON ALL TABLES IN SCHEMA public, sales FROM PUBLIC              | public.*,sales.*
            GRANT admin TO alice, bob                                                | role:alice,role:bob
            CREATE ROLE mallory LOGIN                                                | role:mallory
            ALTER USER alice WITH SUPERUSER                                          | role:alice
            ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reporting              | *
            DO $$ BEGIN PERFORM 1; END $$                                            | *
            CALL analytics.refresh()                                                 | *
            VACUUM FULL film                                                         | *
            """)
    void namesWhatAChangeWrites(String sql, String expected) {
        var statement = StatementSplitter.split(sql, true).get(0);
        Set<String> writes = WriteTargets.of(statement.tokens(), StatementKind.DDL_CHANGE, List.of("$user", "public"), CATALOG);

        assertThat(writes).containsExactlyInAnyOrderElementsOf(Arrays.asList(expected.split(",")));
    }

    private static RelationInfo relation(String schema, String name) {
        return new RelationInfo(1, schema, name, 'r', false, false, null, List.of(), List.of(), false);
    }
}
