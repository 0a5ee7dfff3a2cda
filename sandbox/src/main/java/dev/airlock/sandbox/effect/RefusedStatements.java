package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.sql.SandboxMessage;
import dev.airlock.sandbox.sql.StatementClass;
import java.util.List;

/** Why the sandbox does not run a statement, in the words a reviewer or agent gets. */
final class RefusedStatements {
    /** feature_not_supported: the statement is valid SQL, the sandbox will not run it. */
    private static final String NOT_SUPPORTED = "0A000";

    private RefusedStatements() {
    }

    static StatementResult result(int index, StatementClass statementClass) {
        return switch (statementClass) {
            case TRANSACTION_END -> refused(index, "transaction control inside a change set would end the sandbox's"
                    + " transaction: a change set is the statements between BEGIN and COMMIT, without them");
            case SERVER_LEVEL -> refused(index, "this statement acts on the server (databases, tablespaces,"
                    + " ALTER SYSTEM, subscriptions) or needs a client data stream (COPY FROM STDIN / TO STDOUT /"
                    + " PROGRAM); the sandbox does not compute its effect");
            default -> new StatementResult(index, StatementResult.Execution.NOT_RUN, null, null, List.of(), null);
        };
    }

    private static StatementResult refused(int index, String reason) {
        return new StatementResult(index, StatementResult.Execution.REFUSED, null, null, List.of(),
                SandboxMessage.airlock(NOT_SUPPORTED, reason));
    }
}
