package dev.airlock.proxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.lexer.StatementSplitter;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HoldModeSettingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SET airlock.hold_mode = wait                | WAIT
            set AIRLOCK.HOLD_MODE to 'error'            | ERROR
            SET SESSION airlock.hold_mode TO notice     | NOTICE
            SET airlock.hold_mode='Wait';               | WAIT
            RESET airlock.hold_mode                     | RESET
            """)
    void recognisesTheSetting(String sql, String expected) {
        Optional<HoldModeSetting.Change> change = HoldModeSetting.of(StatementSplitter.split(sql, true).get(0));

        assertThat(change).isPresent();
        assertThat(change.get().mode().map(Enum::name).orElse("RESET")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET search_path = public", "SET airlock.other = 1", "SHOW airlock.hold_mode",
            "SET \"airlock.hold_mode\" = wait", "SELECT 1"})
    void leavesOtherStatementsAlone(String sql) {
        assertThat(HoldModeSetting.of(StatementSplitter.split(sql, true).get(0))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET airlock.hold_mode = sometimes", "SET airlock.hold_mode = wait, error",
            "SET airlock.hold_mode", "RESET airlock.hold_mode wait"})
    void refusesBadValuesNamingTheSetting(String sql) {
        assertThatThrownBy(() -> HoldModeSetting.of(StatementSplitter.split(sql, true).get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("airlock.hold_mode");
    }
}
