package dev.airlock.proxy.cli;

import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.backend.ProductionJdbc;
import dev.airlock.proxy.check.ReadOnlyCredentialCheck;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.ConfigLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock check}: the read-only credential's self-check, on its own. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that production.readonly_user cannot write. Exit code 0: read-only; 4: it can write.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration file (YAML).")
    private Path config;

    @Override
    public Integer call() throws SQLException {
        AirlockConfig loaded = ConfigLoader.load(config, System.getenv());
        ProductionEndpoint endpoint = ProductionEndpoint.readOnly(loaded.settings(), System.getenv());
        List<String> findings;
        try (Connection connection = ProductionJdbc.open(endpoint, "check")) {
            findings = ReadOnlyCredentialCheck.findings(connection);
        }
        if (findings.isEmpty()) {
            System.out.println(endpoint.user() + " is read-only: no write, create, ownership or elevated privilege found.");
            return ExitCodes.OK;
        }
        System.out.println(endpoint.user() + " can write:");
        findings.forEach(finding -> System.out.println("  - " + finding));
        return ExitCodes.CHECK_FAILED;
    }
}
