package dev.airlock.approver.change;

import static dev.airlock.approver.change.ChangeState.APPLIED;
import static dev.airlock.approver.change.ChangeState.APPROVED;
import static dev.airlock.approver.change.ChangeState.CANCELLED;
import static dev.airlock.approver.change.ChangeState.EXECUTING;
import static dev.airlock.approver.change.ChangeState.EXPIRED;
import static dev.airlock.approver.change.ChangeState.FAILED;
import static dev.airlock.approver.change.ChangeState.NEEDS_REAPPROVAL;
import static dev.airlock.approver.change.ChangeState.PENDING;
import static dev.airlock.approver.change.ChangeState.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole transition table: every pair of states, legal exactly when the design says so. */
class ChangeStateTest {
    private static final Map<ChangeState, Set<ChangeState>> LEGAL = Map.of(
            PENDING, EnumSet.of(APPROVED, REJECTED, EXPIRED, CANCELLED, NEEDS_REAPPROVAL),
            APPROVED, EnumSet.of(EXECUTING, NEEDS_REAPPROVAL),
            EXECUTING, EnumSet.of(APPLIED, FAILED),
            NEEDS_REAPPROVAL, EnumSet.of(PENDING, CANCELLED, EXPIRED));

    static Stream<Arguments> everyPair() {
        return Stream.of(ChangeState.values()).flatMap(from -> Stream.of(ChangeState.values())
                .map(to -> Arguments.of(from, to, LEGAL.getOrDefault(from, Set.of()).contains(to))));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void onlyTheDesignedMovesAreLegal(ChangeState from, ChangeState to, boolean legal) {
        assertThat(from.canMoveTo(to)).isEqualTo(legal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void waitingSessionsAreAnsweredInFinalStatesAndOnDrift(ChangeState state) {
        boolean terminal = Set.of(APPLIED, FAILED, REJECTED, EXPIRED, CANCELLED).contains(state);
        assertThat(state.terminal()).isEqualTo(terminal);
        assertThat(state.settled()).isEqualTo(terminal || state == NEEDS_REAPPROVAL);
    }

    static Stream<ChangeState> states() {
        return Stream.of(ChangeState.values());
    }
}
