package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A change request as a reviewer reads it in a terminal: the statements exactly as sent (each
 * line behind a bar, so leading and trailing blanks show, and every character outside printable
 * ASCII named with its code point), the three hashes an approval names, the schema diff,
 * privilege changes in words, impact, lints, approvals and history.
 */
final class ChangeText {
    private ChangeText() {
    }

    static void summaryLine(JsonNode change, PrintStream out) {
        out.printf("%s  %-16s %-8s agent=%s task=%s approvals=%s  %s%n", change.path("id").asText(),
                change.path("state").asText(), change.path("risk").asText(), change.path("agent").asText(),
                change.path("taskId").asText(), change.path("approvalsRequired").asText(),
                oneLine(change.path("firstStatement").asText()));
    }

    static void detail(JsonNode change, PrintStream out) {
        out.printf("change %s  %s  risk %s%n", change.path("id").asText(), change.path("state").asText(),
                change.path("risk").asText());
        out.printf("  agent %s, task %s, session %s%n", change.path("agent").asText(), change.path("taskId").asText(),
                change.path("sessionId").asText());
        if (!change.path("intent").asText().isEmpty()) {
            out.println("  intent: " + change.path("intent").asText());
        }
        Set<String> rules = new LinkedHashSet<>();
        change.path("heldBy").forEach(rule -> rules.add(rule.asText()));
        out.printf("  held by policy rule %s; needs %s approval(s)%s (rule %s)%n",
                rules.isEmpty() ? "(not recorded)" : String.join(", ", rules), change.path("approvalsRequired").asText(),
                change.has("approverGroup") ? " from group " + change.path("approverGroup").asText() : "",
                change.path("approvalRule").asText());
        out.printf("  filed %s, expires %s; last move: %s%n", change.path("createdAt").asText(),
                change.path("expiresAt").asText(), change.path("reason").asText());
        for (JsonNode statement : change.path("statements")) {
            String sql = statement.path("sql").asText();
            out.printf("%nstatement %d (%d characters):%n", statement.path("index").asInt(), sql.codePointCount(0, sql.length()));
            for (String line : sql.split("\n", -1)) {
                out.println("  | " + line.replace("\r", "\\r").replace("\t", "\\t"));
            }
            List<String> unusual = unusualCharacters(sql);
            if (!unusual.isEmpty()) {
                out.println("  ! contains characters outside printable ASCII: " + String.join(", ", unusual));
            }
            for (JsonNode parameter : statement.path("parameters")) {
                out.println("  parameter: " + (parameter.path("null").asBoolean() ? "NULL"
                        : parameter.has("text") ? parameter.path("text").toString()
                        : "binary " + parameter.path("base64").asText() + " (base64)")
                        + " type oid " + parameter.path("typeOid").asText());
            }
        }
        out.println();
        out.println("statements sha256: " + change.path("statementsSha256").asText());
        out.println("effect sha256:     " + change.path("effectSha256").asText());
        out.println("base fingerprint:  " + change.path("baseFingerprint").asText());
        String unified = change.path("diff").path("unified").asText();
        out.println();
        out.println(unified.isBlank() ? "schema diff: none" : "schema diff:\n" + indent(unified.stripTrailing()));
        List<String> access = new ArrayList<>();
        change.path("diff").path("accessInWords").forEach(sentence -> access.add(sentence.asText()));
        out.println(access.isEmpty() ? "privileges: nobody gains or loses any" : "privileges:\n" + indent(String.join("\n", access)));
        impact(change, out);
        if (change.path("lints").isEmpty()) {
            out.println("lints: none");
        } else {
            out.println("lints:");
            change.path("lints").forEach(lint -> out.printf("  %-8s %s %s: %s%n", lint.path("risk").asText(),
                    lint.path("code").asText(), lint.path("object").asText(), lint.path("message").asText()));
        }
        out.println("approvals:" + (change.path("approvals").isEmpty() ? " none" : ""));
        change.path("approvals").forEach(approval -> out.printf("  %s %s at %s%s%n", approval.path("approver").asText(),
                approval.path("decision").asText().toLowerCase(Locale.ROOT), approval.path("at").asText(),
                approval.path("comment").asText().isEmpty() ? "" : ": " + approval.path("comment").asText()));
        out.println("history:");
        change.path("history").forEach(move -> out.printf("  %s %s%s by %s%s%n", move.path("at").asText(),
                move.path("from").isNull() || move.path("from").isMissingNode() ? "" : move.path("from").asText() + " -> ",
                move.path("to").asText(), move.path("actor").asText(),
                move.path("reason").asText().isEmpty() ? "" : " (" + move.path("reason").asText() + ")"));
    }

    private static void impact(JsonNode change, PrintStream out) {
        JsonNode impact = change.path("impact");
        List<String> locks = new ArrayList<>();
        impact.path("locks").forEach(lock -> {
            if (!lock.path("newRelation").asBoolean()) {
                locks.add(lock.path("mode").asText() + " on " + lock.path("relation").asText());
            }
        });
        List<String> rewritten = new ArrayList<>();
        impact.path("rewrittenRelations").forEach(name -> rewritten.add(name.asText()));
        out.println("locks on existing relations: " + (locks.isEmpty() ? "none" : String.join(", ", locks)));
        out.println("tables rewritten: " + (rewritten.isEmpty() ? "none" : String.join(", ", rewritten)));
    }

    /** Each character outside printable ASCII (tab and newline aside), once, as its code point. */
    static List<String> unusualCharacters(String text) {
        Set<String> found = new LinkedHashSet<>();
        text.codePoints().filter(c -> c > 126 || c < 32 && c != '\n' && c != '\t')
                .forEach(c -> found.add(String.format(Locale.ROOT, "U+%04X %s", c,
                        Character.getName(c) == null ? "" : Character.getName(c)).strip()));
        return new ArrayList<>(found);
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
