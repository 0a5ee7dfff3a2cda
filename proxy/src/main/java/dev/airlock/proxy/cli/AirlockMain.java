package dev.airlock.proxy.cli;

import dev.airlock.proxy.config.ConfigException;
import dev.airlock.proxy.server.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The airlock command. */
@Command(name = "airlock", mixinStandardHelpOptions = true, version = "airlock 0.1.0",
        description = "A gate between AI agents and production PostgreSQL.",
        subcommands = {ServeCommand.class, DemoCommand.class, CheckCommand.class, HashPasswordCommand.class,
                SettingsCommand.class, NewApproverTokenCommand.class, AuditCommand.class, TasksCommand.class,
                AgentsCommand.class, ChangesCommand.class, IdentitiesCommand.class})
public final class AirlockMain implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AirlockMain());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("airlock: " + exception.getMessage());
            if (exception instanceof ConfigException) {
                return ExitCodes.CONFIG;
            }
            if (exception instanceof ApiClient.ApiException refused) {
                return refused.exitCode();
            }
            return exception instanceof StartupException startup && startup.unsafeCredential()
                    ? ExitCodes.CHECK_FAILED : ExitCodes.FAILURE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
