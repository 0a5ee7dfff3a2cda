package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock changes list|show|approve|reject|reopen}: the review queue from a terminal, through
 * the control plane's API, with an approver's token ({@code AIRLOCK_TOKEN}). Approving names the
 * three hashes the reviewer saw: given as options (from {@code changes show}), or, in a terminal,
 * by reading the change there and confirming; never guessed.
 */
@Command(name = "changes", mixinStandardHelpOptions = true, description = "List, show, approve and reject held changes.",
        subcommands = {ChangesCommand.ListChanges.class, ChangesCommand.Show.class, ChangesCommand.Approve.class,
                ChangesCommand.Reject.class, ChangesCommand.Reopen.class})
final class ChangesCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Changes, open ones first, newest first.")
    static final class ListChanges implements Runnable {
        @Mixin
        private ApiClient api;

        @Option(names = "--state", description = "Only this state (pending, approved, applied, failed, rejected, ...).")
        private String state;

        @Option(names = "--agent", description = "Only this agent's.")
        private String agent;

        @Option(names = "--task", description = "Only this task's.")
        private String task;

        @Option(names = "--risk", description = "Only this risk (low, medium, high, critical).")
        private String risk;

        @Option(names = "--limit", description = "At most this many (default 100).")
        private Integer limit;

        @Override
        public void run() {
            StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("state", state);
            filters.put("agent", agent);
            filters.put("task", task);
            filters.put("risk", risk);
            filters.put("limit", limit);
            filters.forEach((name, value) -> {
                if (value != null) {
                    query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
                }
            });
            JsonNode changes = api.get("/api/changes" + query);
            api.print(changes, () -> {
                if (changes.isEmpty()) {
                    System.out.println("no changes match");
                }
                changes.forEach(change -> ChangeText.summaryLine(change, System.out));
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One change: its statements exactly as sent, hashes, diff, privileges, impact, lints, history.")
    static final class Show implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "CHANGE_ID")
        private String id;

        @Override
        public void run() {
            JsonNode change = api.get("/api/changes/" + id);
            api.print(change, () -> ChangeText.detail(change, System.out));
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a change as reviewed: give the"
            + " three hashes `changes show` printed, or run it in a terminal to read the change and confirm."
            + " Exit code 8 if the change moved on (nothing approved).")
    static final class Approve implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "CHANGE_ID")
        private String id;

        @Option(names = "--statements-sha256", paramLabel = "HEX", description = "SHA-256 of the statements you reviewed.")
        private String statementsSha256;

        @Option(names = "--effect-sha256", paramLabel = "HEX", description = "SHA-256 of the effect you reviewed.")
        private String effectSha256;

        @Option(names = "--base-fingerprint", paramLabel = "HEX",
                description = "The production fingerprint the effect you reviewed was computed against.")
        private String baseFingerprint;

        @Option(names = "--comment", description = "Why you approve; on the record.")
        private String comment;

        @Override
        public void run() {
            int given = (statementsSha256 == null ? 0 : 1) + (effectSha256 == null ? 0 : 1) + (baseFingerprint == null ? 0 : 1);
            if (given == 0) {
                reviewInTerminal();
            } else if (given < 3) {
                throw new ApiClient.ApiException("give all three of --statements-sha256, --effect-sha256 and"
                        + " --base-fingerprint (from `airlock changes show " + id + "`)", ExitCodes.USAGE);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statementsSha256", statementsSha256);
            body.put("effectSha256", effectSha256);
            body.put("baseFingerprint", baseFingerprint);
            body.put("comment", comment);
            JsonNode decided = api.post("/api/changes/" + id + "/approve", body);
            api.print(decided, () -> System.out.println("approved; change " + id + " is now " + decided.path("state").asText()));
        }

        /** Shows the change and takes its hashes only when the reviewer confirms what they read. */
        private void reviewInTerminal() {
            Console console = System.console();
            if (console == null || api.json) {
                throw new ApiClient.ApiException("give --statements-sha256, --effect-sha256 and --base-fingerprint"
                        + " (from `airlock changes show " + id + "`), or run this in a terminal to review and confirm",
                        ExitCodes.USAGE);
            }
            JsonNode change = api.get("/api/changes/" + id);
            ChangeText.detail(change, System.out);
            String answer = console.readLine("%nApprove exactly this change? Type 'approve' to confirm: ");
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("approve")) {
                throw new ApiClient.ApiException("not approved", ExitCodes.FAILURE);
            }
            statementsSha256 = change.path("statementsSha256").asText();
            effectSha256 = change.path("effectSha256").asText();
            baseFingerprint = change.path("baseFingerprint").asText();
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a change; the agent is told why.")
    static final class Reject implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "CHANGE_ID")
        private String id;

        @Option(names = "--comment", description = "Why; the agent and the record are told.")
        private String comment;

        @Override
        public void run() {
            JsonNode decided = api.post("/api/changes/" + id + "/reject", comment == null ? Map.of() : Map.of("comment", comment));
            api.print(decided, () -> System.out.println("rejected; change " + id + " is now " + decided.path("state").asText()));
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Put a change that needs approval again"
            + " (production drifted and its effect changed) back up for review.")
    static final class Reopen implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "CHANGE_ID")
        private String id;

        @Override
        public void run() {
            JsonNode reopened = api.post("/api/changes/" + id + "/reopen", Map.of());
            api.print(reopened, () -> System.out.println("change " + id + " is " + reopened.path("state").asText()
                    + " again, with its recomputed effect"));
        }
    }
}
