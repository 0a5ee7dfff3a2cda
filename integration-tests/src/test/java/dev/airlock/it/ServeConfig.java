package dev.airlock.it;

import dev.airlock.approver.api.BearerTokens;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A configuration file for {@code airlock serve} in front of a database prepared by
 * {@link AgentWorld#prepareProduction}: the test production's read-only and change roles, a sandbox
 * server, the given store section, an agent {@code robot} with a password and a standing task that
 * may change {@code public.*}, and an approver {@code alice}. Secrets come from {@link #ENVIRONMENT}.
 */
final class ServeConfig {
    static final String AGENT_PASSWORD = "serve-agent-secret";
    static final String TOKEN = "serve-alice-token";
    static final Map<String, String> ENVIRONMENT = Map.of("SERVE_RO_PASSWORD", TestProduction.READONLY_PASSWORD,
            "SERVE_CHANGE_PASSWORD", AgentWorld.CHANGE_PASSWORD, "SERVE_STORE_PASSWORD", "serve-store-secret");
    static final Pattern PROXY_PORT = Pattern.compile("Airlock listening on /127\\.0\\.0\\.1:(\\d+)");
    static final Pattern API_PORT = Pattern.compile("review API listening on 127\\.0\\.0\\.1:(\\d+)");

    private ServeConfig() {
    }

    /** Writes the file; {@code store} is the YAML of the store section's entries, one per line. */
    static Path write(Path file, String database, EmbeddedServer sandbox, List<String> store) throws IOException {
        TestProduction production = TestProduction.get();
        String verifier = ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()).format();
        List<String> lines = new ArrayList<>(List.of(
                "listen:", "  host: 127.0.0.1", "  port: 0",
                "production:", "  host: " + production.host(), "  port: " + production.port(), "  database: " + database,
                "  readonly_user: " + TestProduction.READONLY_ROLE, "  readonly_password: env:SERVE_RO_PASSWORD",
                "  sslmode: disable", "  change_user: " + AgentWorld.CHANGE_ROLE, "  change_password: env:SERVE_CHANGE_PASSWORD",
                "sandbox:", "  host: " + sandbox.host(), "  port: " + sandbox.port(), "  admin_user: " + EmbeddedServer.SUPERUSER,
                "api:", "  host: 127.0.0.1", "  port: 0",
                "replay:", "  lock_timeout: 2min",
                "log:", "  statements_file: " + file.resolveSibling(file.getFileName() + ".statements.log"),
                "identities:", "  - name: robot", "    kind: agent", "    password_verifier: \"" + verifier + "\"",
                "    task: serve-task", "    scope:", "      read_schemas: [public]", "      change_tables: [\"public.*\"]",
                "      statement_kinds: [dml_change, ddl_change]",
                "approvers:", "  - name: alice", "    token_sha256: " + BearerTokens.hash(TOKEN),
                "store:"));
        store.forEach(line -> lines.add("  " + line));
        lines.add("");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return file;
    }
}
