package dev.airlock.approver;

import dev.airlock.approver.change.ChangeState;
import dev.airlock.sandbox.effect.StatementResult;
import dev.airlock.sandbox.lint.RiskLevel;
import dev.airlock.sandbox.sql.SandboxMessage;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * What became of a submission: {@link Filed} (held for review, with the sandbox's per-statement
 * results so a {@code notice}-mode session can answer with the sandbox's CommandComplete) or
 * {@link Refused} (the sandbox says the statements fail or cannot be measured; nothing was filed,
 * and the session answers with the sandbox's error).
 */
public sealed interface FiledChange {

    record Filed(UUID id, ChangeState state, String statementsSha256, String effectSha256, String baseFingerprint,
                 RiskLevel risk, List<StatementResult> sandboxResults, URI reviewUrl) implements FiledChange {
        public Filed {
            sandboxResults = List.copyOf(sandboxResults);
        }
    }

    /**
     * Nothing filed. {@code statementIndex} is the 1-based statement the error is about (0: the
     * change set as a whole); {@code error} carries SQLSTATE, message and position as the sandbox's
     * PostgreSQL (or Airlock, for statements it refuses) reported them.
     */
    record Refused(int statementIndex, SandboxMessage error, String reason) implements FiledChange {
    }
}
