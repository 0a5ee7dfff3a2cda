package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock agents list|disable|enable}: the declared agents, through the control plane's API. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "List, disable and enable agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Disable.class, AgentsCommand.Enable.class})
final class AgentsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Agents, their owners, whether disabled.")
    static final class ListAgents implements Runnable {
        @Mixin
        private ApiClient api;

        @Override
        public void run() {
            JsonNode agents = api.get("/api/agents");
            api.print(agents, () -> agents.forEach(agent -> System.out.printf("%s  owner=%s%s%n",
                    agent.path("name").asText(), agent.path("owner").asText(),
                    agent.path("disabled").asBoolean() ? "  DISABLED" : "")));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an agent: every task of it ends now and none starts until it is enabled.")
    static final class Disable implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "AGENT")
        private String name;

        @Option(names = "--reason", description = "Why; its sessions are told.")
        private String reason;

        @Override
        public void run() {
            api.post("/api/agents/" + name + "/disable", reason == null ? Map.of() : Map.of("reason", reason));
            System.out.println("agent " + name + " disabled; its tasks have ended");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled agent again.")
    static final class Enable implements Runnable {
        @Mixin
        private ApiClient api;

        @Parameters(paramLabel = "AGENT")
        private String name;

        @Override
        public void run() {
            api.post("/api/agents/" + name + "/enable", Map.of());
            System.out.println("agent " + name + " enabled");
        }
    }
}
