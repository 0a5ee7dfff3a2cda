package dev.airlock.sandbox.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.support.SharedServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServers.class)
class CatalogReaderIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aRoleWithNoPrivilegesAtAllReadsTheSameSnapshotAsTheSuperuser() throws Exception {
        SharedServers.ensureLoaded(SharedServers.ZOO);
        SharedServers.production().execute("postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles"
                + " WHERE rolname = 'bare_reader') THEN CREATE ROLE bare_reader LOGIN PASSWORD 'bare'; END IF; END$$");
        Properties bare = new Properties();
        bare.setProperty("user", "bare_reader");
        bare.setProperty("password", "bare");
        try (Connection superuser = SharedServers.production().superuserConnection(SharedServers.ZOO);
             Connection unprivileged = DriverManager.getConnection(
                     SharedServers.production().jdbcUrl(SharedServers.ZOO), bare)) {
            CatalogSnapshot asSuperuser = CatalogReader.readAsIs(superuser, TIMEOUT);
            CatalogSnapshot asBareRole = CatalogReader.readAsIs(unprivileged, TIMEOUT);
            assertThat(asBareRole.fingerprint()).isEqualTo(asSuperuser.fingerprint());
        }
    }

    @Test
    void theSnapshotIsReadInOneReadOnlyTransactionAndLeavesTheSessionAsItWas() throws Exception {
        SharedServers.ensureLoaded(SharedServers.PAGILA);
        try (Connection readOnly = SharedServers.productionReadOnly(SharedServers.PAGILA)) {
            CatalogSnapshot snapshot = CatalogReader.readAsIs(readOnly, TIMEOUT);
            assertThat(snapshot.tables()).extracting(Table::name).contains("film", "payment", "payment_p2022_01");
            assertThat(readOnly.getAutoCommit()).isTrue();
            try (var statement = readOnly.createStatement();
                 var row = statement.executeQuery("SELECT current_setting('search_path'), pg_current_xact_id_if_assigned()")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("\"$user\", public");
                assertThat(row.getString(2)).isNull();
            }
        }
    }

    @Test
    void aSecondReadOnTheSameSessionUsesItsPreparedQueriesAndReadsTheSameSnapshot() throws Exception {
        SharedServers.ensureLoaded(SharedServers.ZOO);
        try (Connection readOnly = SharedServers.productionReadOnly(SharedServers.ZOO)) {
            CatalogSnapshot first = CatalogReader.readAsIs(readOnly, TIMEOUT);
            CatalogSnapshot second = CatalogReader.readAsIs(readOnly, TIMEOUT);
            assertThat(second).isEqualTo(first);
            try (var statement = readOnly.createStatement();
                 var row = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_prepared_statements")) {
                row.next();
                assertThat(row.getInt(1)).isGreaterThan(20);
            }
        }
    }

    @Test
    void aReadThatFailsPartWayLeavesTheSessionUsableAndOutOfTransaction() throws Exception {
        SharedServers.ensureLoaded(SharedServers.GITLAB);
        try (Connection readOnly = SharedServers.productionReadOnly(SharedServers.GITLAB)) {
            String timeout = statementTimeout(readOnly);
            assertThatThrownBy(() -> CatalogReader.readAsIs(readOnly, Duration.ofMillis(1)))
                    .isInstanceOf(SQLException.class);
            assertThat(readOnly.getAutoCommit()).isTrue();
            assertThat(statementTimeout(readOnly)).isEqualTo(timeout);
            assertThat(CatalogReader.readAsIs(readOnly, TIMEOUT).tables()).hasSizeGreaterThan(800);
        }
    }

    private static String statementTimeout(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var row = statement.executeQuery("SELECT pg_catalog.current_setting('statement_timeout')")) {
            row.next();
            return row.getString(1);
        }
    }
}
