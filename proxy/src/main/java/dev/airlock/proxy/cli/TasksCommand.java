package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.config.SettingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock tasks start|list|show|end}: agents' tasks, through the control plane's API. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Start, list, show and end agents' tasks.",
        subcommands = {TasksCommand.Start.class, TasksCommand.ListTasks.class, TasksCommand.Show.class,
                TasksCommand.End.class})
final class TasksCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static void printTask(JsonNode task) {
        System.out.printf("%s  %s  %s  agent=%s  expires=%s%n  intent: %s%n  scope: %s%n", task.path("id").asText(),
                task.path("state").asText(), task.path("startedBy").asText(), task.path("agent").asText(),
                task.path("expiresAt").asText(), task.path("intent").asText(), task.path("scope"));
        if (task.has("endReason")) {
            System.out.println("  ended " + task.path("endedAt").asText() + ": " + task.path("endReason").asText());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a task for an agent (admin token). Prints its credential and JDBC URL, once.")
    static final class Start implements Runnable {
        @Mixin
        private ApiClient api;

        @Option(names = "--agent", required = true, description = "The agent the task is for.")
        private String agent;

        @Option(names = "--intent", required = true, description = "What the task is for; reviewers see it.")
        private String intent;

        @Option(names = "--ttl", description = "How long the credential works, e.g. 30min, 2h (default: tasks.default_ttl).")
        private String ttl;

        @Option(names = "--read-schema", paramLabel = "SCHEMA", description = "A schema the task may read (repeatable).")
        private List<String> readSchemas = new ArrayList<>();

        @Option(names = "--read-table", paramLabel = "SCHEMA.TABLE", description = "A table (or schema.*) the task may read.")
        private List<String> readTables = new ArrayList<>();

        @Option(names = "--change-table", paramLabel = "SCHEMA.TABLE",
                description = "A table (or schema.*) the task may propose changes to.")
        private List<String> changeTables = new ArrayList<>();

        @Option(names = "--kind", paramLabel = "KIND",
                description = "A statement kind the task may propose: dml_change, ddl_change, dcl_change (repeatable).")
        private List<String> kinds = new ArrayList<>();

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("agent", agent);
            body.put("intent", intent);
            if (ttl != null) {
                try {
                    body.put("ttlSeconds", SettingType.DURATION.parse(ttl).toSeconds());
                } catch (IllegalArgumentException e) {
                    throw new ApiClient.ApiException("--ttl: " + e.getMessage(), ExitCodes.USAGE);
                }
            }
            body.put("scope", Map.of("readSchemas", readSchemas, "readTables", readTables, "changeTables", changeTables,
                    "statementKinds", kinds));
            JsonNode task = api.post("/api/tasks", body);
            api.print(task, () -> {
                printTask(task);
                System.out.println("credential (shown once; Airlock keeps only its SCRAM verifier):");
                System.out.println("  user:     " + task.path("user").asText());
                System.out.println("  password: " + task.path("password").asText());
                System.out.println("  JDBC:     " + task.path("jdbcUrl").asText());
                System.out.println("  psql:     psql '" + task.path("uri").asText() + "'");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The most recent tasks, newest first.")
    static final class ListTasks implements Runnable {
        @Mixin
        private ApiClient api;

        @Option(names = "--open", description = "Only tasks that have not ended.")
        private boolean open;

        @Override
        public void run() {
            JsonNode tasks = api.get("/api/tasks" + (open ? "?open=true" : ""));
            api.print(tasks, () -> tasks.forEach(TasksCommand::printTask));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One task.")
    static final class Show implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "TASK_ID")
        private String id;

        @Override
        public void run() {
            JsonNode task = api.get("/api/tasks/" + id);
            api.print(task, () -> printTask(task));
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true, description = "End a task now: its credential stops"
            + " working, its sessions are terminated, its sandbox dropped, its pending changes cancelled.")
    static final class End implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "TASK_ID")
        private String id;

        @Option(names = "--reason", description = "Why; the task's sessions are told.")
        private String reason;

        @Override
        public void run() {
            JsonNode task = api.post("/api/tasks/" + id + "/end", reason == null ? Map.of() : Map.of("reason", reason));
            api.print(task, () -> printTask(task));
        }
    }
}
