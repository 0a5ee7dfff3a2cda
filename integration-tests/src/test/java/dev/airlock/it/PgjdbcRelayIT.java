package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/** pgjdbc through Airlock gets exactly what a direct connection as the read-only role gets. */
class PgjdbcRelayIT {
    private static final String MIXED_TYPES = "SELECT f.film_id, f.title, f.rental_rate, f.last_update, f.special_features,"
            + " f.fulltext, f.rating, '\\x00ff'::bytea AS raw, ARRAY[1.5, 2.25]::numeric[] AS numbers,"
            + " interval '1 day 02:03:04' AS span, '{\"a\": [1, 2]}'::jsonb AS doc"
            + " FROM film f WHERE f.film_id <= ? ORDER BY f.film_id";

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();

    @ParameterizedTest
    @ValueSource(strings = {"preferQueryMode=simple", "preferQueryMode=extended", "preferQueryMode=extendedForPrepared",
            "prepareThreshold=1", "prepareThreshold=-1", "prepareThreshold=1&binaryTransfer=true", "sslmode=require",
            "sslmode=require&channelBinding=require"})
    void resultsEqualADirectConnection(String mode) throws SQLException {
        String directMode = mode.replaceAll("&?(sslmode|channelBinding)=[a-z]+", "").replaceFirst("^&", "");
        try (Connection relayed = airlock.connect(mode);
             Connection direct = production.readOnlyConnection(TestProduction.PAGILA, directMode)) {
            for (int round = 0; round < 4; round++) {
                assertThat(Rows.query(relayed, MIXED_TYPES, 25)).isEqualTo(Rows.query(direct, MIXED_TYPES, 25));
            }
            String join = "SELECT c.name, count(*) FROM film_category fc JOIN category c USING (category_id)"
                    + " GROUP BY c.name ORDER BY 2 DESC, 1";
            assertThat(Rows.query(relayed, join)).isEqualTo(Rows.query(direct, join));
        }
    }

    @Test
    void serverSidePreparedStatementsAreReusedAfterThePrepareThreshold() throws SQLException {
        try (Connection relayed = airlock.connect("prepareThreshold=2");
             PreparedStatement statement = relayed.prepareStatement("SELECT title FROM film WHERE film_id = ?")) {
            for (int id = 1; id <= 10; id++) {
                statement.setInt(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isNotBlank();
                }
            }
            assertThat(statement.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare()).isTrue();
        }
    }

    @Test
    void largeResultsArriveWhole() throws SQLException {
        String sql = "SELECT g, repeat('x', 200) || g FROM generate_series(1, 200000) g";
        try (Connection relayed = airlock.connect(); Statement statement = relayed.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            long count = 0;
            long sum = 0;
            while (rows.next()) {
                count++;
                sum += rows.getLong(1);
                assertThat(rows.getString(2)).endsWith(Long.toString(rows.getLong(1)));
            }
            assertThat(count).isEqualTo(200_000);
            assertThat(sum).isEqualTo(200_000L * 200_001 / 2);
        }
    }

    @Test
    void cursorFetchesInPagesWithPortalSuspended() throws SQLException {
        try (Connection relayed = airlock.connect(); Connection direct = production.readOnlyConnection(TestProduction.PAGILA)) {
            relayed.setAutoCommit(false);
            direct.setAutoCommit(false);
            String sql = "SELECT rental_id, rental_date, customer_id FROM rental ORDER BY rental_id";
            assertThat(fetchInPages(relayed, sql)).isEqualTo(fetchInPages(direct, sql));
            relayed.commit();
        }
    }

    private static List<List<String>> fetchInPages(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery(sql)) {
                return Rows.of(rows);
            }
        }
    }

    @Test
    void hugeValuesStreamThrough() throws SQLException {
        try (Connection relayed = airlock.connect("binaryTransfer=true");
             PreparedStatement statement = relayed.prepareStatement("SELECT decode(repeat('ab', ?), 'hex')")) {
            statement.setInt(1, 8 * 1024 * 1024);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                byte[] value = rows.getBytes(1);
                assertThat(value).hasSize(8 * 1024 * 1024);
                assertThat(value[12345]).isEqualTo((byte) 0xab);
            }
        }
    }

    @Test
    void batchesOfSessionStatementsArePipelined() throws SQLException {
        try (Connection relayed = airlock.connect(); Statement statement = relayed.createStatement()) {
            statement.addBatch("SET application_name = 'batch-1'");
            statement.addBatch("SET extra_float_digits = 2");
            statement.addBatch("SET application_name = 'batch-3'");
            assertThat(statement.executeBatch()).containsExactly(0, 0, 0);
            assertThat(Rows.query(relayed, "SHOW application_name").get(1)).containsExactly("batch-3");
        }
    }

    @Test
    void cancelStopsALongQueryOnProduction() throws Exception {
        try (Connection relayed = airlock.connect()) {
            CancelCheck.cancelStopsALongQuery(relayed);
        }
    }

    @Test
    void metadataEqualsADirectConnection() throws SQLException {
        try (Connection relayed = airlock.connect(); Connection direct = production.readOnlyConnection(TestProduction.PAGILA)) {
            DatabaseMetaData via = relayed.getMetaData();
            DatabaseMetaData straight = direct.getMetaData();
            assertThat(Rows.of(via.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})))
                    .isEqualTo(Rows.of(straight.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})));
            assertThat(Rows.of(via.getColumns(null, "public", "film", "%")))
                    .isEqualTo(Rows.of(straight.getColumns(null, "public", "film", "%")));
            assertThat(Rows.of(via.getPrimaryKeys(null, "public", "rental")))
                    .isEqualTo(Rows.of(straight.getPrimaryKeys(null, "public", "rental")));
            assertThat(Rows.of(via.getImportedKeys(null, "public", "rental")))
                    .isEqualTo(Rows.of(straight.getImportedKeys(null, "public", "rental")));
            assertThat(Rows.of(via.getIndexInfo(null, "public", "film", false, false)))
                    .isEqualTo(Rows.of(straight.getIndexInfo(null, "public", "film", false, false)));
            assertThat(via.getDatabaseProductVersion()).isEqualTo(straight.getDatabaseProductVersion());
        }
    }

    @Test
    void copyToStdoutOfAProvenReadIsRelayed() throws Exception {
        try (Connection relayed = airlock.connect(); Connection direct = production.readOnlyConnection(TestProduction.PAGILA)) {
            String copy = "COPY (SELECT actor_id, first_name FROM actor ORDER BY actor_id) TO STDOUT WITH (FORMAT csv)";
            assertThat(copyOut(relayed, copy)).isEqualTo(copyOut(direct, copy)).contains("PENELOPE");
        }
    }

    private static String copyOut(Connection connection, String sql) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return out.toString();
    }

    @Test
    void aCurrentSchemaReachesProductionAndTheGate() throws SQLException {
        String schemas = "currentSchema=information_schema,public";
        try (Connection relayed = airlock.connect(schemas);
             Connection direct = production.readOnlyConnection(TestProduction.PAGILA, schemas)) {
            // sql_features resolves only through information_schema on the path, film only through public
            for (String sql : List.of("SELECT current_schemas(false)::text",
                    "SELECT feature_id, feature_name FROM sql_features ORDER BY 1, 2 LIMIT 5", "SELECT count(*) FROM film")) {
                assertThat(Rows.query(relayed, sql)).isEqualTo(Rows.query(direct, sql));
            }
            // given by SET, so shown in SET's form; the direct connection shows the packet's text
            assertThat(Rows.query(relayed, "SHOW search_path").get(1)).containsExactly("information_schema, public");
        }
    }

    @Test
    void isolationLevelsAndReadOnlyModeSetByTheDriverReachProduction() throws SQLException {
        try (Connection relayed = airlock.connect("readOnlyMode=always")) {
            relayed.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            relayed.setReadOnly(true);
            assertThat(relayed.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(Rows.query(relayed, "SELECT current_setting('default_transaction_isolation'),"
                    + " current_setting('transaction_isolation'), count(*) FROM film").get(1))
                    .containsExactly("serializable", "serializable", "1000");
            // with readOnlyMode=always, ending auto-commit makes pgjdbc ask for READ WRITE sessions
            assertThatThrownBy(() -> relayed.setAutoCommit(false))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        try (Connection relayed = airlock.connect()) {
            relayed.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            relayed.setReadOnly(true);
            relayed.setAutoCommit(false);
            assertThat(Rows.query(relayed, "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')")
                    .get(1)).containsExactly("repeatable read", "on");
            relayed.commit();
        }
    }

    @Test
    void writesAreRefusedAndTheSessionStaysUsable() throws SQLException {
        String before = production.queryValue(TestProduction.PAGILA, "SELECT count(*) FROM actor");
        try (Connection relayed = airlock.connect(); Statement statement = relayed.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM actor WHERE actor_id = 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            try (PreparedStatement insert = relayed.prepareStatement("INSERT INTO actor(first_name, last_name) VALUES (?, ?)")) {
                insert.setString(1, "A");
                insert.setString(2, "B");
                assertThatThrownBy(insert::executeUpdate)
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            }
            assertThat(Rows.query(relayed, "SELECT count(*) FROM actor").get(1)).containsExactly(before);
        }
        assertThat(production.queryValue(TestProduction.PAGILA, "SELECT count(*) FROM actor")).isEqualTo(before);
    }

    @Test
    void aRefusalInsideATransactionFailsTheTransactionAsPostgresWould() throws SQLException {
        try (Connection relayed = airlock.connect()) {
            relayed.setAutoCommit(false);
            try (Statement statement = relayed.createStatement()) {
                statement.executeQuery("SELECT 1").close();
                assertThatThrownBy(() -> statement.executeUpdate("UPDATE film SET title = 'x'"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
                assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
                relayed.rollback();
                assertThat(Rows.query(relayed, "SELECT 2").get(1)).containsExactly("2");
            }
        }
    }

    @Test
    void manySessionsShareFewProductionConnections() throws Exception {
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                clients.add(airlock.connect());
            }
            assertThat(airlock.server().openProductionConnections()).isLessThanOrEqualTo(2);
            for (Connection client : clients) {
                assertThat(Rows.query(client, "SELECT 42").get(1)).containsExactly("42");
                client.close();
            }
            assertThat(airlock.server().openProductionConnections()).isLessThanOrEqualTo(30);
        } finally {
            for (Connection client : clients) {
                client.close();
            }
        }
    }
}
