package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Vert.x PostgreSQL client through Airlock gets exactly what it gets from production. It speaks
 * the protocol itself, and pipelines: up to 256 statements go out before the first answer comes
 * back, each prepared by name, and a batch is many Bind/Execute pairs before one Sync. Airlock must
 * keep every answer with its statement.
 */
class VertxPgClientIT {
    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();
    private static final Vertx vertx = Vertx.vertx();

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @Test
    void pipelinedBatchedAndCursorReadsEqualADirectConnection() throws Exception {
        assertThat(reads(throughAirlock())).isEqualTo(reads(directly())).hasSize(5)
                .allSatisfy(result -> assertThat(result).isNotEmpty());
    }

    @Test
    void aWriteIsRefusedInThePipelineAndTheStatementsAroundItRun() throws Exception {
        String before = production.queryValue("pagila", "SELECT count(*) FROM film_actor WHERE film_id = 1");
        PgConnection connection = await(PgConnection.connect(vertx, throughAirlock()));
        try {
            Future<RowSet<Row>> first = connection.preparedQuery("SELECT title FROM film WHERE film_id = $1").execute(Tuple.of(1));
            Future<RowSet<Row>> write = connection.preparedQuery("DELETE FROM film_actor WHERE film_id = $1").execute(Tuple.of(1));
            Future<RowSet<Row>> after = connection.preparedQuery("SELECT title FROM film WHERE film_id = $1").execute(Tuple.of(2));

            assertThat(rows(await(first))).containsExactly("[ACADEMY DINOSAUR]");
            assertThatThrownBy(() -> await(write)).isInstanceOfSatisfying(ExecutionException.class, failed -> assertThat(
                    failed.getCause()).isInstanceOfSatisfying(PgException.class, refused -> {
                        assertThat(refused.getSqlState()).isEqualTo("25006");
                        assertThat(refused.getErrorMessage()).startsWith("cannot execute DELETE through Airlock");
                    }));
            assertThat(rows(await(after))).containsExactly("[ACE GOLDFINGER]");
        } finally {
            await(connection.close());
        }
        assertThat(production.queryValue("pagila", "SELECT count(*) FROM film_actor WHERE film_id = 1"))
                .isEqualTo(before).isNotEqualTo("0");
    }

    private static List<List<String>> reads(PgConnectOptions options) throws Exception {
        PgConnection connection = await(PgConnection.connect(vertx, options));
        try {
            List<List<String>> results = new ArrayList<>();
            // 100 statements in flight on one connection, answered in order.
            List<Future<RowSet<Row>>> pipelined = IntStream.rangeClosed(1, 100)
                    .mapToObj(id -> connection.preparedQuery("SELECT film_id, title, rental_rate, last_update, special_features"
                            + " FROM film WHERE film_id = $1").execute(Tuple.of(id)))
                    .toList();
            List<String> titles = new ArrayList<>();
            for (Future<RowSet<Row>> result : pipelined) {
                titles.addAll(rows(await(result)));
            }
            results.add(titles);
            results.add(rows(await(connection.preparedQuery("SELECT count(*) FROM rental WHERE customer_id = $1")
                    .executeBatch(List.of(Tuple.of(1), Tuple.of(2), Tuple.of(3))))));
            RowSet<Row> multi = await(connection.query("SELECT 1 AS one; SELECT count(*) FROM actor").execute());
            results.add(List.of(rows(multi).toString(), rows(multi.next()).toString()));
            results.add(rows(await(connection.query("SELECT rating, count(*) FROM film GROUP BY rating ORDER BY rating")
                    .execute())));
            results.add(cursorBatches(connection));
            return results;
        } finally {
            await(connection.close());
        }
    }

    /** A cursor reads a portal 40 rows at a time (Execute with a row limit, PortalSuspended). */
    private static List<String> cursorBatches(PgConnection connection) throws Exception {
        Transaction transaction = await(connection.begin());
        PreparedStatement statement = await(connection.prepare("SELECT actor_id, last_name FROM actor WHERE actor_id > $1"
                + " ORDER BY actor_id"));
        Cursor cursor = statement.cursor(Tuple.of(50));
        List<String> batches = new ArrayList<>();
        do {
            List<String> batch = rows(await(cursor.read(40)));
            batches.add(batch.size() + " up to " + batch.get(batch.size() - 1));
        } while (cursor.hasMore());
        await(cursor.close());
        await(transaction.commit());
        return batches;
    }

    /** Each row as its values, decoded by Vert.x (binary for prepared statements), arrays spelled out. */
    private static List<String> rows(RowSet<Row> rowSet) {
        List<String> rows = new ArrayList<>();
        for (Row row : rowSet) {
            List<Object> values = new ArrayList<>();
            for (int column = 0; column < row.size(); column++) {
                Object value = row.getValue(column);
                values.add(value instanceof Object[] array ? Arrays.asList(array) : value);
            }
            rows.add(values.toString());
        }
        return rows;
    }

    private static PgConnectOptions directly() {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(production.port()).setDatabase("pagila")
                .setUser(TestProduction.READONLY_ROLE).setPassword(TestProduction.READONLY_PASSWORD);
    }

    private static PgConnectOptions throughAirlock() {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(airlock.port()).setDatabase("pagila")
                .setUser(TestAirlock.APPLICATION).setPassword(TestAirlock.APPLICATION_PASSWORD)
                .setSslMode(SslMode.REQUIRE).setSslOptions(new ClientSSLOptions().setTrustAll(true));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
