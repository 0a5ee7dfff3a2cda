package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.demo.Demo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/** Ordinary reads pass and return what a direct connection returns; the gate follows the catalog. */
class GateReadsIT {
    private static final Set<String> COMMANDS = Set.of("insert", "update", "delete", "merge");
    private static TestProduction production;
    private static TestAirlock airlock;

    @BeforeAll
    static void start() {
        production = TestProduction.get();
        production.execute("pagila", "CREATE SCHEMA IF NOT EXISTS reporting; GRANT USAGE ON SCHEMA reporting TO airlock_ro;"
                + " CREATE OR REPLACE FUNCTION reporting.upper(text) RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'shadow' $$;"
                + " CREATE OR REPLACE FUNCTION public.film_score(integer) RETURNS integer LANGUAGE sql STABLE AS $$ SELECT $1 * 2 $$");
        List<String> allowed = new ArrayList<>(Demo.PAGILA_READ_FUNCTIONS);
        allowed.add("public.film_score");
        airlock = TestAirlock.start("pagila", Map.of(
                Setting.GATE_CATALOG_REFRESH_INTERVAL, Duration.ofMillis(500),
                Setting.GATE_SEARCH_PATH_SCHEMAS, List.of("$user", "public", "reporting"),
                Setting.GATE_ALLOWED_FUNCTIONS, allowed));
    }

    @AfterAll
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT f.title, l.name FROM film f JOIN language l ON l.language_id = f.language_id WHERE f.length > 120 ORDER BY f.title LIMIT 10",
            "SELECT c.name, count(*), avg(f.rental_rate)::numeric(6,2) FROM category c JOIN film_category fc USING (category_id)"
                    + " JOIN film f USING (film_id) GROUP BY c.name HAVING count(*) > 60 ORDER BY 2 DESC, 1",
            "WITH monthly AS (SELECT date_trunc('month', payment_date) AS month, sum(amount) AS total FROM payment GROUP BY 1)"
                    + " SELECT month, total, sum(total) OVER (ORDER BY month) FROM monthly ORDER BY month",
            "SELECT customer_id, amount, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC, payment_id)"
                    + " FROM payment WHERE customer_id < 5 ORDER BY customer_id, 3",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n",
            "SELECT title FROM film WHERE fulltext @@ to_tsquery('english', 'drama & boat') ORDER BY title",
            "SELECT jsonb_build_object('id', actor_id, 'name', first_name) ->> 'name', row_to_json(a)::jsonb -> 'last_name'"
                    + " FROM actor a WHERE actor_id IN (1, 2, 3) ORDER BY actor_id",
            "SELECT '{\"a\": {\"b\": [1, 2, 3]}}'::jsonb #> '{a,b}', '[1,2]'::jsonb @> '[1]', '{\"k\": 1}'::jsonb ? 'k'",
            "SELECT title, special_features FROM film WHERE 'Trailers' = ANY (special_features) AND rating = 'PG'::mpaa_rating LIMIT 5",
            "SELECT r.rental_id, r.return_date - r.rental_date AS kept, extract(epoch FROM r.return_date - r.rental_date)::int"
                    + " FROM rental r WHERE r.return_date IS NOT NULL ORDER BY kept DESC, rental_id LIMIT 5",
            "SELECT * FROM film_list WHERE category = 'Horror' ORDER BY fid LIMIT 5",
            "SELECT * FROM sales_by_store ORDER BY store",
            "SELECT count(*) FROM rental_by_category",
            "SELECT film_in_stock(1, 1)",
            "SELECT f.title, s.stock FROM film f CROSS JOIN LATERAL (SELECT count(*) AS stock FROM inventory i"
                    + " WHERE i.film_id = f.film_id) s ORDER BY s.stock DESC, f.title LIMIT 5",
            "SELECT c.first_name || ' ' || c.last_name, coalesce(a.address2, '-'), greatest(1, 2), nullif(1, 1),"
                    + " CASE WHEN c.active = 1 THEN 'yes' ELSE 'no' END FROM customer c JOIN address a USING (address_id) LIMIT 5",
            "SELECT DISTINCT ON (rating) rating, title FROM film ORDER BY rating, length DESC, title",
            "SELECT title FROM film WHERE title ILIKE 'a%' AND title NOT LIKE '%Z' AND title ~ '^A' AND length BETWEEN 50 AND 100 ORDER BY 1",
            "SELECT x FROM generate_series(1, 5) AS g(x) WHERE x % 2 = 1 UNION SELECT 10 ORDER BY 1",
            "SELECT to_char(now(), 'YYYY') IS NOT NULL, current_date <= now()::date, interval '1 day' * 2, 7 / 2.0, 2 ^ 10",
            "SELECT payment_id, amount FROM payment_p2022_03 ORDER BY payment_id LIMIT 3",
            "SELECT film_score(length) FROM film WHERE film_id = 1",
            "TABLE language",
            "VALUES (1, 'a'), (2, 'b')",
            "SELECT title FROM film TABLESAMPLE bernoulli (100) REPEATABLE (7) ORDER BY title LIMIT 3"})
    void readsPassAndMatchADirectConnection(String sql) throws SQLException {
        try (Connection relayed = airlock.connect(); Connection direct = production.readOnlyConnection("pagila")) {
            assertThat(Rows.query(relayed, sql)).isEqualTo(Rows.query(direct, sql));
        }
    }

    /**
     * A column may be named by any of PostgreSQL's unreserved and column-name keywords (the catalog
     * itself has pg_prepared_statements.statement); some of them JSqlParser reserves. Each is read
     * as a column, qualified and not, and as a label. Except four: the read prover takes INSERT,
     * UPDATE, DELETE and MERGE anywhere in a statement as a data-modifying command, on purpose.
     */
    @Test
    void everyKeywordPostgresLetsNameAColumnReadsAsOne() throws SQLException {
        List<String> refused = new ArrayList<>();
        try (Connection relayed = airlock.connect()) {
            List<String> words = Rows.query(relayed, "SELECT word FROM pg_get_keywords() WHERE catcode IN ('U', 'C') ORDER BY word")
                    .stream().skip(1).map(row -> row.get(0)).filter(word -> !COMMANDS.contains(word)).toList();
            assertThat(words).hasSizeGreaterThan(300).contains("statement", "returns", "between");
            for (String word : words) {
                try {
                    assertThat(Rows.query(relayed, "SELECT t." + word + ", " + word + " FROM (SELECT 1 AS " + word + ") t")
                            .get(1)).containsExactly("1", "1");
                } catch (PSQLException e) {
                    refused.add(word + " (" + e.getSQLState() + ")");
                }
            }
            assertThat(Rows.query(relayed, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'x%'").get(1))
                    .containsExactly("0");
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void pgbenchSelectOnlyPassesInBothProtocols() throws SQLException {
        production.execute("pagila", "CREATE TABLE IF NOT EXISTS pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int,"
                + " filler char(84)); INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(1, 100) g"
                + " ON CONFLICT DO NOTHING; GRANT SELECT ON pgbench_accounts TO airlock_ro");
        for (String mode : List.of("preferQueryMode=simple", "preferQueryMode=extended")) {
            try (Connection relayed = airlock.connect(mode)) {
                for (int aid = 1; aid <= 20; aid++) {
                    assertThat(Rows.query(relayed, "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid).get(1))
                            .containsExactly("0");
                }
            }
        }
    }

    @Test
    void aViewCreatedOnProductionIsJudgedByItsDefinitionOnceTheCatalogIsRefreshed() throws Exception {
        production.execute("pagila", "DROP VIEW IF EXISTS late_view; DROP FUNCTION IF EXISTS late_writer();"
                + " CREATE TABLE IF NOT EXISTS late_log(note text); GRANT SELECT ON late_log TO airlock_ro");
        try (Connection relayed = airlock.connect()) {
            assertThatThrownBy(() -> Rows.query(relayed, "SELECT * FROM late_view"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
            production.execute("pagila", "CREATE FUNCTION late_writer() RETURNS int LANGUAGE plpgsql AS"
                    + " $$BEGIN INSERT INTO late_log VALUES ('written'); RETURN 1; END$$;"
                    + " CREATE VIEW late_view AS SELECT late_writer() AS x; GRANT SELECT ON late_view TO airlock_ro");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String state = null;
            while (System.nanoTime() < deadline) {
                try {
                    Rows.query(relayed, "SELECT * FROM late_view");
                    state = "relayed";
                } catch (PSQLException e) {
                    state = e.getSQLState();
                    if (state.equals("25006")) {
                        break;
                    }
                }
                Thread.sleep(200);
            }
            assertThat(state).isEqualTo("25006");
        }
    }

    @Test
    void aShadowingFunctionOnTheSearchPathMakesBuiltInCallsUnproved() throws SQLException {
        try (Connection relayed = airlock.connect()) {
            assertThat(Rows.query(relayed, "SELECT upper('x')").get(1)).containsExactly("X");
            relayed.createStatement().execute("SET search_path = reporting, public");
            assertThatThrownBy(() -> Rows.query(relayed, "SELECT upper('x')"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("25006");
                        assertThat(e.getServerErrorMessage().getDetail()).contains("reporting.upper()");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nested parentheses", "long expression"})
    void pathologicalInputIsRefusedAsTooComplexAndTheSessionStaysUsable(String shape) throws SQLException {
        String sql = shape.equals("nested parentheses")
                ? "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000)
                // a million characters, nearly the most Airlock analyses: a warm parser needs several
                // times the limit, so a limit stretched for a briefly slow parser does not pass it
                : "SELECT 1" + "+1".repeat(500_000);
        try (Connection relayed = airlock.connect()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> Rows.query(relayed, sql))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("54001"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(Rows.query(relayed, "SELECT 1").get(1)).containsExactly("1");
        }
    }

    @Test
    void searchPathOutsidePolicyIsRefused() throws SQLException {
        try (Connection relayed = airlock.connect()) {
            assertThatThrownBy(() -> relayed.createStatement().execute("SET search_path = evil, public"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThat(Rows.query(relayed, "SHOW search_path").get(1)).containsExactly("\"$user\", public");
        }
    }

    @Test
    void aFunctionOutsideTheAllowListIsAChange() throws SQLException {
        production.execute("pagila", "CREATE OR REPLACE FUNCTION public.film_rank(integer) RETURNS integer LANGUAGE sql"
                + " IMMUTABLE AS $$ SELECT $1 $$");
        try (Connection relayed = airlock.connect()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String state = null;
            while (System.nanoTime() < deadline && !"25006".equals(state)) {
                try {
                    Rows.query(relayed, "SELECT film_rank(1)");
                    state = "relayed";
                } catch (PSQLException e) {
                    state = e.getSQLState();
                }
            }
            assertThat(state).isEqualTo("25006");
        }
    }
}
