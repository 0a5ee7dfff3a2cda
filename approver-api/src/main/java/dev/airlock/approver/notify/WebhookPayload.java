package dev.airlock.approver.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approver.audit.SqlRedactor;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.Transition;
import dev.airlock.sandbox.change.ChangeStatement;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON a webhook receives. Slack-compatible: {@code text} is a one-line summary in Slack's
 * markup, so a Slack incoming-webhook URL works as it is; everything else is for programs:
 * {@code event}, {@code at}, and {@code change} with its id, states, agent, task, risk, hashes,
 * review URL and its first statement with literals redacted (a value in an INSERT never leaves
 * for a chat channel).
 */
final class WebhookPayload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STATEMENT_SHOWN = 300;

    private WebhookPayload() {
    }

    static byte[] of(WebhookEvent event, Transition transition, ChangeRequest change, URI reviewUrl) {
        String statement = firstStatement(change.changeSet().statements());
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text(event, transition, change, reviewUrl, statement));
        body.put("event", event.label());
        body.put("at", transition.at().toString());
        ObjectNode about = body.putObject("change");
        about.put("id", change.id().toString());
        about.put("state", transition.to().name());
        about.put("previousState", transition.from() == null ? null : transition.from().name());
        about.put("actor", transition.actor());
        about.put("reason", transition.reason());
        about.put("agent", change.agent());
        about.put("taskId", change.taskId());
        about.put("intent", change.intent());
        about.put("risk", change.risk().name());
        about.put("statements", change.changeSet().statements().size());
        about.put("firstStatement", statement);
        about.put("statementsSha256", change.statementsSha256());
        about.put("effectSha256", change.effectSha256());
        about.put("reviewUrl", reviewUrl.toString());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(WebhookEvent event, Transition transition, ChangeRequest change, URI reviewUrl,
                               String statement) {
        String what = switch (event) {
            case FILED -> "is waiting for review";
            case APPROVED -> "was approved by " + transition.actor();
            case REJECTED -> "was rejected by " + transition.actor();
            case APPLIED -> "was applied on production";
            case FAILED -> "failed on production";
            case EXPIRED -> "expired before enough approvals";
            case CANCELLED -> "was cancelled";
            case NEEDS_REAPPROVAL -> "needs approval again: production drifted";
        };
        return "Airlock: change <" + reviewUrl + "|" + change.id().toString().substring(0, 8) + "> by agent "
                + escape(change.agent()) + " " + what + " (risk " + change.risk() + "): `" + escape(statement) + "`";
    }

    /** The first statement, literals redacted, cut to a line's length; or its size when it cannot be redacted safely. */
    private static String firstStatement(List<ChangeStatement> statements) {
        if (statements.isEmpty()) {
            return "";
        }
        String sql = statements.get(0).sql();
        String shown = SqlRedactor.redact(sql).orElse("(" + sql.length() + " characters, not shown)")
                .replaceAll("\\s+", " ").strip();
        String more = statements.size() > 1 ? " (+" + (statements.size() - 1) + " more)" : "";
        return (shown.length() > STATEMENT_SHOWN ? shown.substring(0, STATEMENT_SHOWN) + "…" : shown) + more;
    }

    /** Slack's three control characters, escaped as it asks. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'");
    }
}
