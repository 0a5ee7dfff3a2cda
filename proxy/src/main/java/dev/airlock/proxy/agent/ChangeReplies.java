package dev.airlock.proxy.agent;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.proxy.protocol.Severity;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.CommandComplete;
import dev.airlock.proxy.protocol.backend.ErrorFields;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.NoticeResponse;
import dev.airlock.sandbox.sql.SandboxMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The wire messages an agent's session gets for a change: the sandbox's or production's command
 * tags, the notice naming a held change, and the errors for a change that was refused, rejected,
 * expired, cancelled or failed. Errors from the sandbox or production keep their own SQLSTATE,
 * message and position; Airlock's own use class ZA.
 */
public final class ChangeReplies {
    private ChangeReplies() {
    }

    /** One CommandComplete per statement, as the sandbox ran them ({@code statements} supplies tags for skipped ones). */
    public static List<CommandComplete> sandboxTags(FiledChange.Filed filed, List<String> statements) {
        return tags(statements, i -> i < filed.sandboxResults().size() ? filed.sandboxResults().get(i).commandTag() : null);
    }

    /** One CommandComplete per statement, as production ran them at replay. */
    public static List<CommandComplete> productionTags(ChangeOutcome outcome, List<String> statements) {
        return tags(statements, i -> i < outcome.results().size() ? outcome.results().get(i).commandTag() : null);
    }

    /** The tag {@code tagAt} gives each statement, or its provisional tag when it gives none. */
    private static List<CommandComplete> tags(List<String> statements, IntFunction<String> tagAt) {
        List<CommandComplete> tags = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String tag = tagAt.apply(i);
            tags.add(new CommandComplete(tag == null ? provisionalTag(statements.get(i)) : tag));
        }
        return tags;
    }

    /**
     * The tag a statement gets before it has run anywhere (inside an open transaction, the change
     * set runs at COMMIT): its command with no rows.
     */
    public static String provisionalTag(String statement) {
        String[] words = statement.strip().split("\\s+", 3);
        String first = words[0].toUpperCase(Locale.ROOT);
        return switch (first) {
            case "INSERT" -> "INSERT 0 0";
            case "UPDATE", "DELETE", "MERGE", "COPY", "SELECT", "FETCH", "MOVE" -> first + " 0";
            case "CREATE", "ALTER", "DROP" -> words.length > 1 ? first + " " + words[1].toUpperCase(Locale.ROOT) : first;
            default -> first;
        };
    }

    /** The notice telling the agent its change is held, with where to review it. */
    public static NoticeResponse heldNotice(FiledChange.Filed filed) {
        return NoticeResponse.of(Severity.NOTICE, "Airlock is holding this change for review: change " + filed.id(),
                "Risk " + filed.risk().name().toLowerCase(Locale.ROOT) + "; statements SHA-256 " + filed.statementsSha256()
                        + ". Nothing has run on production.",
                "Review it at " + filed.reviewUrl());
    }

    /** For hold mode {@code error}: the change is filed, and the statement fails at once. */
    public static ErrorResponse heldError(FiledChange.Filed filed) {
        return ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_HELD, "change " + filed.id() + " is held for review",
                "Nothing has run on production. Risk " + filed.risk().name().toLowerCase(Locale.ROOT) + ".",
                "Review it at " + filed.reviewUrl());
    }

    /**
     * The sandbox's error for a change set it could not run; nothing was filed. The position is
     * moved from the failing statement to the message the client sent.
     */
    public static ErrorResponse refused(FiledChange.Refused refused, List<Integer> statementOffsets) {
        SandboxMessage error = refused.error();
        if (error == null) {
            return ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_NOT_FILED, "Airlock did not file this change: "
                    + refused.reason(), null, null);
        }
        int offset = refused.statementIndex() >= 1 && refused.statementIndex() <= statementOffsets.size()
                ? statementOffsets.get(refused.statementIndex() - 1) : 0;
        String detail = "Airlock ran this change in the task's sandbox, where it failed;"
                + " nothing was filed and nothing ran on production.";
        return error(error.sqlState() == null ? SqlState.CHANGE_NOT_FILED.code() : error.sqlState(),
                error.message() == null ? refused.reason() : error.message(),
                error.detail() == null ? detail : error.detail() + "\n" + detail, error.hint(),
                error.position() > 0 ? error.position() + offset : 0);
    }

    /** The error for a change that settled without being applied (hold mode {@code wait}). */
    public static ErrorResponse notApplied(ChangeOutcome outcome) {
        String id = "change " + outcome.id();
        String reason = outcome.reason() == null || outcome.reason().isBlank() ? null : outcome.reason();
        return switch (outcome.state()) {
            case REJECTED -> ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_REJECTED, id + " was rejected by a reviewer",
                    reason, null);
            case EXPIRED -> ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_EXPIRED, id + " expired before it was approved",
                    reason, null);
            case CANCELLED -> ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_CANCELLED, id + " was cancelled", reason, null);
            case NEEDS_REAPPROVAL -> ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_NEEDS_REAPPROVAL, id
                    + " needs approval again: production changed since it was reviewed", reason, null);
            case FAILED -> failedOnProduction(outcome, id, reason);
            default -> ErrorResponse.of(Severity.ERROR, SqlState.INTERNAL_ERROR, id + " ended in state " + outcome.state(),
                    reason, null);
        };
    }

    private static ErrorResponse failedOnProduction(ChangeOutcome outcome, String id, String reason) {
        ProductionResult failed = outcome.results().stream().filter(ProductionResult::failed).findFirst().orElse(null);
        if (failed == null) {
            return ErrorResponse.of(Severity.ERROR, SqlState.CHANGE_NOT_FILED, id + " failed on production", reason, null);
        }
        return error(failed.sqlState(), failed.message(), id + " was approved, and failed on production at statement "
                + failed.index() + "; its transaction was rolled back.", null, 0);
    }

    /** An ErrorResponse carrying a SQLSTATE that the sandbox or production raised, not Airlock. */
    private static ErrorResponse error(String sqlState, String message, String detail, String hint, int position) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(ErrorFields.SEVERITY, "ERROR");
        fields.put(ErrorFields.SEVERITY_NONLOCALIZED, "ERROR");
        fields.put(ErrorFields.CODE, sqlState);
        fields.put(ErrorFields.MESSAGE, message);
        if (detail != null) {
            fields.put(ErrorFields.DETAIL, detail);
        }
        if (hint != null) {
            fields.put(ErrorFields.HINT, hint);
        }
        if (position > 0) {
            fields.put(ErrorFields.POSITION, Integer.toString(position));
        }
        return new ErrorResponse(new ErrorFields(fields));
    }
}
