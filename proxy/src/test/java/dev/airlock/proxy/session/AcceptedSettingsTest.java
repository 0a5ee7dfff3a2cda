package dev.airlock.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedSettingsTest {
    @Test
    void valuesProductionAcceptedAreKnownEachOnItsOwn() {
        AcceptedSettings accepted = new AcceptedSettings(Map.of("TimeZone", "Etc/UTC"));
        accepted.add(Map.of("TimeZone", "Pacific/Chatham", "statement_timeout", "5s"));

        assertThat(accepted.containsAll(Map.of())).isTrue();
        assertThat(accepted.containsAll(Map.of("TimeZone", "Etc/UTC"))).isTrue();
        assertThat(accepted.containsAll(Map.of("statement_timeout", "5s", "TimeZone", "Etc/UTC"))).isTrue();
        assertThat(accepted.containsAll(Map.of("statement_timeout", "5s", "TimeZone", "Asia/Kathmandu"))).isFalse();
        assertThat(accepted.containsAll(Map.of("statement_timeout", "Pacific/Chatham"))).isFalse();
    }
}
