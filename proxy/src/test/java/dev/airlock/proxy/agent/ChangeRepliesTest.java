package dev.airlock.proxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.proxy.protocol.backend.ErrorFields;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.sandbox.sql.SandboxMessage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChangeRepliesTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000042");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            insert into t values (1)               | INSERT 0 0
            UPDATE t SET a = 1                     | UPDATE 0
            delete from t                          | DELETE 0
            create  table t (a int)                | CREATE TABLE
            ALTER TABLE t ADD COLUMN b int         | ALTER TABLE
            GRANT SELECT ON t TO r                 | GRANT
            """)
    void provisionalTagsNameTheCommandWithNoRows(String statement, String tag) {
        assertThat(ChangeReplies.provisionalTag(statement)).isEqualTo(tag);
    }

    @Test
    void aSandboxErrorKeepsItsSqlstateAndPointsIntoTheWholeMessage() {
        SandboxMessage error = new SandboxMessage("ERROR", "42P07", "relation \"notes\" already exists", null, null, 14, null);
        ErrorResponse response = ChangeReplies.refused(new FiledChange.Refused(2, error, "failed"), List.of(0, 10));

        assertThat(response.sqlState()).isEqualTo("42P07");
        assertThat(response.fields().get(ErrorFields.POSITION)).isEqualTo("24");
        assertThat(response.fields().get(ErrorFields.DETAIL)).contains("nothing was filed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"REJECTED, ZA002", "EXPIRED, ZA003", "CANCELLED, ZA004", "NEEDS_REAPPROVAL, ZA005"})
    void aChangeThatSettledWithoutBeingAppliedHasAirlocksSqlstate(ChangeState state, String sqlState) {
        ErrorResponse response = ChangeReplies.notApplied(new ChangeOutcome(ID, state, "a reason", List.of()));

        assertThat(response.sqlState()).isEqualTo(sqlState);
        assertThat(response.message()).contains(ID.toString());
    }

    @Test
    void aChangeThatFailedOnProductionCarriesProductionsError() {
        ChangeOutcome outcome = new ChangeOutcome(ID, ChangeState.FAILED, "replay failed", List.of(
                new ProductionResult(1, "CREATE TABLE", 0L, null, null),
                new ProductionResult(2, null, null, "23505", "duplicate key value violates unique constraint")));

        ErrorResponse response = ChangeReplies.notApplied(outcome);

        assertThat(response.sqlState()).isEqualTo("23505");
        assertThat(response.fields().get(ErrorFields.DETAIL)).contains("statement 2").contains("rolled back");
    }
}
