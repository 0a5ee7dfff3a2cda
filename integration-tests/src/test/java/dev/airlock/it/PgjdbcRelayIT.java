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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** One DatabaseMetaData call, as a database tool (DBeaver, DataGrip) makes it when it browses a schema. */
    private interface MetadataCall {
        ResultSet on(DatabaseMetaData metadata) throws SQLException;
    }

    private static final Map<String, MetadataCall> TOOL_METADATA_CALLS = metadataCalls();

    private static Map<String, MetadataCall> metadataCalls() {
        Map<String, MetadataCall> calls = new LinkedHashMap<>();
        calls.put("getCatalogs", DatabaseMetaData::getCatalogs);
        calls.put("getSchemas", m -> m.getSchemas(null, "%"));
        calls.put("getTableTypes", DatabaseMetaData::getTableTypes);
        calls.put("getTables", m -> m.getTables(null, null, "%", null));
        calls.put("getColumns", m -> m.getColumns(null, "public", "%", "%"));
        calls.put("getPrimaryKeys", m -> m.getPrimaryKeys(null, "public", "film"));
        calls.put("getImportedKeys", m -> m.getImportedKeys(null, "public", "film"));
        calls.put("getExportedKeys", m -> m.getExportedKeys(null, "public", "film"));
        calls.put("getCrossReference", m -> m.getCrossReference(null, "public", "language", null, "public", "film"));
        calls.put("getIndexInfo", m -> m.getIndexInfo(null, "public", "rental", true, true));
        calls.put("getBestRowIdentifier", m -> m.getBestRowIdentifier(null, "public", "film", DatabaseMetaData.bestRowSession, true));
        calls.put("getVersionColumns", m -> m.getVersionColumns(null, "public", "film"));
        calls.put("getTablePrivileges", m -> m.getTablePrivileges(null, "public", "%"));
        calls.put("getColumnPrivileges", m -> m.getColumnPrivileges(null, "public", "film", "%"));
        calls.put("getProcedures", m -> m.getProcedures(null, "public", "%"));
        calls.put("getProcedureColumns", m -> m.getProcedureColumns(null, "public", "%", "%"));
        calls.put("getFunctions", m -> m.getFunctions(null, "public", "%"));
        calls.put("getFunctionColumns", m -> m.getFunctionColumns(null, "public", "%", "%"));
        calls.put("getTypeInfo", DatabaseMetaData::getTypeInfo);
        calls.put("getUDTs", m -> m.getUDTs(null, "public", "%", null));
        calls.put("getClientInfoProperties", DatabaseMetaData::getClientInfoProperties);
        return calls;
    }

    @Test
    void everyMetadataCallOfADatabaseToolEqualsADirectConnection() throws SQLException {
        Map<String, String> differences = new LinkedHashMap<>();
        try (Connection relayed = airlock.connect(); Connection direct = production.readOnlyConnection(TestProduction.PAGILA)) {
            assertThat(relayed.getMetaData().getDatabaseProductVersion()).isEqualTo(direct.getMetaData().getDatabaseProductVersion());
            for (Map.Entry<String, MetadataCall> call : TOOL_METADATA_CALLS.entrySet()) {
                List<List<String>> expected = Rows.of(call.getValue().on(direct.getMetaData()));
                try {
                    List<List<String>> actual = Rows.of(call.getValue().on(relayed.getMetaData()));
                    if (!actual.equals(expected)) {
                        differences.put(call.getKey(), actual.size() + " rows, not " + expected.size());
                    }
                } catch (SQLException e) {
                    differences.put(call.getKey(), e.getSQLState() + " " + e.getMessage());
                }
            }
        }
        assertThat(differences).isEmpty();
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
