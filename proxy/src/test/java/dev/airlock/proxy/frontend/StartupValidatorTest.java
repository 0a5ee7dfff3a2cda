package dev.airlock.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartupValidatorTest {
    private static StartupMessage startup(String... pairs) {
        List<StartupMessage.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.add(new StartupMessage.Parameter(pairs[i], pairs[i + 1]));
        }
        return StartupMessage.protocol30(parameters);
    }

    @Test
    void pgjdbcStartupIsAcceptedAndCanonical() {
        ClientStartup startup = StartupValidator.validate(startup("user", "app", "database", "db", "client_encoding", "UTF8",
                "DateStyle", "ISO", "TimeZone", "Europe/Paris", "extra_float_digits", "3", "application_name", "PostgreSQL JDBC Driver"));
        assertThat(startup.user()).isEqualTo("app");
        assertThat(startup.sessionParameters()).containsEntry("DateStyle", "ISO, MDY").containsEntry("TimeZone", "Europe/Paris")
                .containsEntry("client_encoding", "UTF8").containsEntry("extra_float_digits", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF8", "utf-8", "UNICODE", "SQL_ASCII", "sql_ascii"})
    void aClientAskingForUtf8OrSqlAsciiIsSpokenToInUtf8(String encoding) {
        ClientStartup startup = StartupValidator.validate(startup("user", "app", "database", "db", "client_encoding", encoding));
        assertThat(startup.sessionParameters()).containsEntry("client_encoding", "UTF8");
    }

    @ParameterizedTest
    @CsvSource({"ISO, 'ISO, MDY'", "'SQL, DMY', 'SQL, DMY'", "German, 'German, DMY'", "'German, MDY', 'German, MDY'",
            "'euro', 'ISO, DMY'", "'Postgres,YMD', 'Postgres, YMD'"})
    void dateStylesAreReportedAsPostgresReportsThem(String given, String canonical) {
        assertThat(DateStyles.canonical(given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({"options, -c default_transaction_read_only=off, 08P01", "replication, database, 0A000",
            "client_encoding, LATIN1, 08P01", "client_encoding, SJIS, 08P01", "_pq_.compression, on, 08P01",
            "DateStyle, Klingon, 22023", "extra_float_digits, 9, 22023",
            "TimeZone, 'x''; DROP', 22023", "IntervalStyle, weird, 22023",
            "'work_mem TO ''1GB'' --', 64MB, 08P01", "my.setting, on, 08P01", "statement_timeout, '', 22023",
            "statement_timeout, '1s''; SET role postgres; --', 22023", "lc_time, 'C\\', 22023",
            "search_path, 'public,,evil', 22023", "search_path, '\"unterminated', 22023", "search_path, '', 22023"})
    void parametersOutsideTheAllowlistOrWithBadValuesAreFatal(String name, String value, String sqlState) {
        assertThatThrownBy(() -> StartupValidator.validate(startup("user", "app", "database", "db", name, value)))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.isFatal()).isTrue();
                    assertThat(e.sqlState().code()).isEqualTo(sqlState);
                });
    }

    @Test
    void otherSettingsAreKeptForTheGateAsTheSetsTheyStandFor() {
        ClientStartup startup = StartupValidator.validate(startup("user", "app", "database", "db",
                "search_path", "Reporting, \"$user\",public", "Statement_Timeout", "5s", "default_transaction_read_only", "off"));

        assertThat(startup.settings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "search_path", "\"reporting\", \"$user\", \"public\"", "statement_timeout", "5s",
                "default_transaction_read_only", "off"));
        assertThat(startup.sessionParameters()).doesNotContainKeys("search_path", "statement_timeout");
        assertThat(ClientStartup.setStatement("search_path", startup.settings().get("search_path")))
                .isEqualTo("SET search_path = \"reporting\", \"$user\", \"public\"");
        assertThat(ClientStartup.setStatement("statement_timeout", "5s")).isEqualTo("SET statement_timeout = '5s'");
    }

    @Test
    void repeatedKeysInAnyCaseAreFatal() {
        assertThatThrownBy(() -> StartupValidator.validate(startup("user", "app", "database", "db", "USER", "postgres")))
                .hasMessageContaining("more than once");
    }

    @Test
    void applicationNamesAreCleanedAsPostgresCleansThem() {
        ClientStartup startup = StartupValidator.validate(startup("user", "u", "database", "d", "application_name", "tëst" + "x".repeat(80)));
        assertThat(startup.applicationName()).startsWith("t?st").hasSize(63);
    }
}
