package dev.airlock.proxy.bench;

import dev.airlock.proxy.catalog.CatalogLoader;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.gate.Gate;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.samples.SampleDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The statement gate's cost per statement (DESIGN §6: cached ≤ 5 µs p50, uncached OLTP statement
 * ≤ 100 µs p50), against production's real catalog: an embedded PostgreSQL with Pagila. Run with
 * bench/gate-jmh.sh; it reports percentiles (Mode.SampleTime).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GateBenchmark {
    /** pgbench -S's statement. */
    static final String PGBENCH = "SELECT abalance FROM pgbench_accounts WHERE aid = ";
    /** An OLTP read of about 1 KB: joins, predicates, a CTE, ordering. */
    static final String OLTP = """
            WITH recent AS (
              SELECT r.rental_id, r.customer_id, r.inventory_id, r.rental_date, r.return_date
              FROM rental r
              WHERE r.rental_date >= timestamp '2022-05-01 00:00:00' AND r.rental_date < timestamp '2022-06-01 00:00:00'
                AND r.staff_id = 1
            )
            SELECT c.customer_id, c.first_name, c.last_name, c.email, a.address, a.postal_code, ci.city, co.country,
                   f.title, f.rating, f.rental_rate, rec.rental_date, rec.return_date,
                   coalesce(p.amount, 0) AS paid, (rec.return_date - rec.rental_date) AS kept
            FROM recent rec
            JOIN customer c ON c.customer_id = rec.customer_id
            JOIN address a ON a.address_id = c.address_id
            JOIN city ci ON ci.city_id = a.city_id
            JOIN country co ON co.country_id = ci.country_id
            JOIN inventory i ON i.inventory_id = rec.inventory_id
            JOIN film f ON f.film_id = i.film_id
            LEFT JOIN payment p ON p.rental_id = rec.rental_id AND p.customer_id = c.customer_id
            WHERE c.active = 1 AND f.rating IN ('PG', 'PG-13', 'R') AND lower(c.email) LIKE '%@sakilacustomer.org'
              AND f.length BETWEEN 60 AND 180
            ORDER BY rec.rental_date DESC, c.last_name, c.first_name
            LIMIT 50 OFFSET 0""";

    private EmbeddedServer production;
    private ScheduledExecutorService watchdog;
    private Gate cached;
    private Gate uncached;
    private SessionGateState session;
    private int literal;

    @Setup(Level.Trial)
    public void start() throws Exception {
        production = EmbeddedServer.start("gate-bench", Map.of());
        production.execute("postgres", "CREATE DATABASE pagila");
        ProductionCatalog catalog;
        try (Connection connection = production.superuserConnection("pagila")) {
            SampleDatabases.loadPagilaSchema(connection);
            connection.createStatement().execute("SET search_path = public; CREATE TABLE pgbench_accounts"
                    + " (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
            connection.createStatement().execute("RESET search_path");
            catalog = CatalogLoader.load(connection);
        }
        watchdog = Executors.newSingleThreadScheduledExecutor();
        List<String> path = List.of("$user", "public", "pg_catalog", "pg_temp", "information_schema");
        cached = new Gate(catalog, List.of(), path, Duration.ofMillis(100), watchdog, Runnable::run, 10_000);
        uncached = new Gate(catalog, List.of(), path, Duration.ofMillis(100), watchdog, Runnable::run, 0);
        session = new SessionGateState();
        uncached.warmUp(Duration.ofSeconds(3));
        check(cached, PGBENCH + 1);
        check(cached, OLTP);
    }

    private QueryDecision check(Gate gate, String sql) {
        QueryDecision decision = gate.checkQuery(sql, session).join();
        if (decision.isRefused()) {
            throw new IllegalStateException("benchmark statement refused: " + decision.refusal().getMessage());
        }
        return decision;
    }

    @TearDown(Level.Trial)
    public void stop() {
        watchdog.shutdownNow();
        production.close();
    }

    /** A repeated statement with a different literal each time: decided from the cache. */
    @Benchmark
    public QueryDecision cachedPgbenchStatement() {
        return check(cached, PGBENCH + (++literal % 100_000));
    }

    /** The same text again (a parameterised statement, an ORM's query): decided by exact text. */
    @Benchmark
    public QueryDecision cachedOltpStatement() {
        return check(cached, new String(OLTP.toCharArray())); // a fresh string, as each Query message brings
    }

    /** The same shape with a different literal each time: lexed, then decided from the fingerprint cache. */
    @Benchmark
    public QueryDecision cachedOltpStatementNewLiteral() {
        return check(cached, OLTP.replace("LIMIT 50", "LIMIT " + (++literal % 100_000)));
    }

    /** Lexed, proven against the catalog and parsed by JSqlParser every time. */
    @Benchmark
    public QueryDecision uncachedPgbenchStatement() {
        return check(uncached, PGBENCH + (++literal % 100_000));
    }

    @Benchmark
    public QueryDecision uncachedOltpStatement() {
        return check(uncached, OLTP);
    }
}
