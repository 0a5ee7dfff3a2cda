package dev.airlock.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.frontend.ClientStartup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionParametersTest {
    private static final Map<String, String> SERVER = Map.of("server_version", "15.18", "client_encoding", "UTF8",
            "application_name", "", "DateStyle", "ISO, MDY");

    private static SessionParameters startedWith(Map<String, String> startup) {
        return startedWith(startup, Map.of());
    }

    private static SessionParameters startedWith(Map<String, String> startup, Map<String, String> settings) {
        return new SessionParameters(new ClientStartup("app", "db", startup, settings, false), SERVER);
    }

    @Test
    void theClientHearsTheServersParametersWithItsOwnStartupValues() {
        SessionParameters parameters = startedWith(Map.of("application_name", "psql", "DateStyle", "ISO, DMY",
                "extra_float_digits", "3", "client_encoding", "UTF8"));
        Map<String, String> told = new HashMap<>();
        parameters.reportAll(status -> told.put(status.name(), status.value()));

        assertThat(told).containsExactlyInAnyOrderEntriesOf(Map.of("server_version", "15.18", "client_encoding", "UTF8",
                "application_name", "psql", "DateStyle", "ISO, DMY"));
    }

    @Test
    void anAttachedConnectionIsGivenOnlyWhatItLacks() {
        SessionParameters parameters = startedWith(Map.of("application_name", "psql", "DateStyle", "ISO, DMY",
                "client_encoding", "UTF8"));

        assertThat(parameters.settingsSql(Map.of("application_name", "psql", "DateStyle", "ISO, MDY")))
                .isEqualTo("SET DateStyle = 'ISO, DMY'; ");
        assertThat(parameters.settingsSql(Map.of("application_name", "psql", "DateStyle", "ISO, DMY"))).isNull();
    }

    @Test
    void startupSettingsAreGivenToEveryConnectionButNotReportedToTheClient() {
        SessionParameters parameters = startedWith(Map.of("application_name", "app"),
                Map.of("search_path", "\"reporting\", \"public\"", "statement_timeout", "5s"));
        Map<String, String> told = new HashMap<>();
        parameters.reportAll(status -> told.put(status.name(), status.value()));

        assertThat(told).doesNotContainKeys("search_path", "statement_timeout");
        assertThat(List.of(parameters.settingsSql(Map.of("application_name", "app")).split("; ")))
                .containsExactlyInAnyOrder("SET search_path = \"reporting\", \"public\"", "SET statement_timeout = '5s'");
    }

    @Test
    void productionJudgesTheTimeZoneAndTheSettingsAndAirlockTheRest() {
        SessionParameters parameters = startedWith(Map.of("application_name", "psql", "DateStyle", "ISO, DMY",
                "IntervalStyle", "iso_8601", "extra_float_digits", "3", "TimeZone", "Pacific/Chatham"),
                Map.of("statement_timeout", "5s"));

        assertThat(parameters.forProductionToJudge())
                .containsExactlyInAnyOrderEntriesOf(Map.of("TimeZone", "Pacific/Chatham", "statement_timeout", "5s"));
        assertThat(startedWith(Map.of("application_name", "psql")).forProductionToJudge()).isEmpty();
    }

    @Test
    void anApplicationNameCannotEndItsDollarQuote() {
        SessionParameters parameters = startedWith(Map.of("application_name", "x$airlock$; DROP TABLE t; --"));

        assertThat(parameters.settingsSql(Map.of()))
                .isEqualTo("SET application_name = $airlock$x?; DROP TABLE t; --$airlock$; ");
    }

    @Test
    void aDeferredSetReachesTheNextConnectionAndTheClientHearsOnlyNewsOfReportedOnes() {
        SessionParameters parameters = startedWith(Map.of("application_name", "psql"));

        assertThat(parameters.defer(new DeferredSetting("application_name", "worker"))).isTrue();
        assertThat(parameters.defer(new DeferredSetting("application_name", "worker"))).isFalse();
        assertThat(parameters.defer(new DeferredSetting("extra_float_digits", "2"))).isFalse();
        assertThat(List.of(parameters.settingsSql(Map.of()).split("; ")))
                .containsExactlyInAnyOrder("SET application_name = $airlock$worker$airlock$", "SET extra_float_digits = '2'");
    }

    @Test
    void aConnectionsReportIsRelayedOnlyWhenItSaysSomethingNew() {
        SessionParameters parameters = startedWith(Map.of());

        assertThat(parameters.reportChanged("server_version", "15.18")).isFalse();
        assertThat(parameters.reportChanged("TimeZone", "UTC")).isTrue();
        assertThat(parameters.reportChanged("TimeZone", "UTC")).isFalse();
        assertThat(parameters.reportChanged("TimeZone", "Europe/Paris")).isTrue();
    }
}
