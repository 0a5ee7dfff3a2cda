package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code airlock identities list}: every identity Airlock knows, of the four kinds (applications,
 * agents, approvers, admins). They are declared in the configuration; this shows what is in force.
 */
@Command(name = "identities", mixinStandardHelpOptions = true, description = "List the identities Airlock knows.",
        subcommands = IdentitiesCommand.ListIdentities.class)
final class IdentitiesCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Applications, agents (owner, disabled), approvers (groups) and admins; names only.")
    static final class ListIdentities implements Runnable {
        @Mixin
        private ApiClient api;

        @Override
        public void run() {
            JsonNode identities = api.get("/api/identities");
            api.print(identities, () -> identities.forEach(identity -> {
                List<String> details = new ArrayList<>();
                if (identity.has("owner")) {
                    details.add("owner=" + identity.path("owner").asText());
                }
                if (identity.path("disabled").asBoolean()) {
                    details.add("DISABLED");
                }
                if (identity.path("groups").size() > 0) {
                    List<String> groups = new ArrayList<>();
                    identity.path("groups").forEach(group -> groups.add(group.asText()));
                    details.add("groups=" + String.join(",", groups));
                }
                System.out.printf("%-12s %s%s%n", identity.path("kind").asText(), identity.path("name").asText(),
                        details.isEmpty() ? "" : "  " + String.join("  ", details));
            }));
        }
    }
}
