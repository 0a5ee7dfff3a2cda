package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.audit.AuditEvent;
import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditLog;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.store.Store;
import dev.airlock.approver.store.StoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code airlock} executable, run as its own process the way an operator runs it: the
 * configuration errors that stop start-up (exit 3, naming the key), the settings listing, the
 * password hasher and the read-only self-check (exit 0 read-only, 4 able to write).
 */
class CliIT {
    private static final String WRITER = "cli_writer";
    private static final String WRITER_PASSWORD = "cli-writer-secret";

    @TempDir
    Path workDir;

    @BeforeAll
    static void createWritingRole() {
        TestProduction production = TestProduction.get();
        production.execute(TestProduction.PAGILA, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                + WRITER + "') THEN CREATE ROLE " + WRITER + " LOGIN PASSWORD '" + WRITER_PASSWORD + "'; END IF; END $$;"
                + "GRANT USAGE ON SCHEMA public TO " + WRITER + "; GRANT SELECT, INSERT ON public.actor TO " + WRITER);
    }

    @Test
    void outOfRangeSettingStopsStartUpNamingTheKey() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config", config("listen:\n  port: 99999\n").toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("listen.port").contains("99999");
    }

    @Test
    void unknownSettingStopsStartUpNamingTheKeyAndItsLine() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config",
                config("listen:\n  port: 6432\nproduction:\n  databse: pagila\n").toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("production.databse").contains("line 4");
    }

    @Test
    void secretReferenceToAMissingVariableStopsStartUpWithoutPrintingSecrets() throws Exception {
        AirlockProcess serve = run(Map.of("AIRLOCK_CLI_TEST_OTHER", "not-this-one"), "serve", "--config",
                productionConfig("env:AIRLOCK_CLI_TEST_MISSING", TestProduction.READONLY_ROLE).toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("production.readonly_password").contains("AIRLOCK_CLI_TEST_MISSING");
        assertThat(serve.stdout() + serve.stderr()).doesNotContain("not-this-one");
    }

    @Test
    void agentsWithoutASandboxStopStartUpNamingTheKey() throws Exception {
        String verifier = AirlockProcess.run(workDir, Map.of(), "agent-password\n", "hash-password").stdout().strip();
        Path config = config(Files.readString(productionConfig("env:AIRLOCK_CLI_TEST_PASSWORD", TestProduction.READONLY_ROLE))
                + "identities:\n  - name: robot\n    kind: agent\n    hold_mode: wait\n    password_verifier: \"" + verifier + "\"\n");
        AirlockProcess serve = run(Map.of("AIRLOCK_CLI_TEST_PASSWORD", TestProduction.READONLY_PASSWORD), "serve",
                "--config", config.toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("sandbox.host").contains("agents");
    }

    @Test
    void aBadHoldModeIsNamedWithItsLine() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config", config("identities:\n  - name: robot\n    kind: agent\n"
                + "    hold_mode: sometimes\n    password_verifier: x\n").toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("identities.hold_mode").contains("line 4").contains("notice, wait, error");
    }

    @Test
    void anApproverTokenHashMustBeASha256() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config", config("approvers:\n  - name: alice\n"
                + "    token_sha256: not-a-hash\n").toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("approvers").contains("64 hex digits");
    }

    @Test
    void missingConfigurationFileIsAConfigurationError() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config", workDir.resolve("absent.yaml").toString());

        assertThat(serve.exitCode()).isEqualTo(3);
        assertThat(serve.stderr()).contains("absent.yaml");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        AirlockProcess serve = run(Map.of(), "serve", "--config", "airlock.yaml", "--no-such-option");

        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.stderr()).contains("--no-such-option");
    }

    @Test
    void settingsListsEveryKeyWithItsDefault() throws Exception {
        AirlockProcess settings = run(Map.of(), "settings");

        assertThat(settings.exitCode()).isZero();
        assertThat(settings.stdout()).contains("listen.port", "6432", "production.readonly_password",
                "limits.max_client_connections", "log.statements_file");
    }

    @Test
    void hashPasswordPrintsAScramVerifierThatAuthenticates() throws Exception {
        AirlockProcess hash = AirlockProcess.run(workDir, Map.of(), "s3cret-password\n", "hash-password");

        assertThat(hash.exitCode()).isZero();
        String verifier = hash.stdout().strip();
        assertThat(verifier).matches("SCRAM-SHA-256\\$\\d+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
        assertThat(hash.stdout() + hash.stderr()).doesNotContain("s3cret-password");

        TestProduction production = TestProduction.get();
        production.execute(TestProduction.PAGILA, "DROP ROLE IF EXISTS cli_hashed; CREATE ROLE cli_hashed LOGIN PASSWORD '"
                + verifier + "'");
        try (var connection = java.sql.DriverManager.getConnection(production.server().jdbcUrl(TestProduction.PAGILA),
                "cli_hashed", "s3cret-password")) {
            assertThat(connection.isValid(5)).isTrue();
        } finally {
            production.execute(TestProduction.PAGILA, "DROP ROLE cli_hashed");
        }
    }

    @Test
    void newApproverTokenPrintsATokenAndItsHash() throws Exception {
        AirlockProcess first = run(Map.of(), "new-approver-token");
        AirlockProcess second = run(Map.of(), "new-approver-token");

        assertThat(first.exitCode()).isZero();
        java.util.regex.Matcher printed = java.util.regex.Pattern.compile("token: +(\\S+)\\ntoken_sha256: ([0-9a-f]{64})")
                .matcher(first.stdout());
        assertThat(printed.find()).as(first.stdout()).isTrue();
        assertThat(printed.group(2)).isEqualTo(dev.airlock.approver.api.BearerTokens.hash(printed.group(1)));
        assertThat(printed.group(1)).hasSizeGreaterThanOrEqualTo(43);
        assertThat(second.stdout()).doesNotContain(printed.group(1));
    }

    @Test
    void auditVerifyAndExportReadTheStoreTheConfigurationNames() throws Exception {
        Path storeFile = workDir.resolve("store");
        StoreSettings store = new StoreSettings.H2(storeFile);
        try (Store migrated = Store.open(store, java.time.Clock.systemUTC());
             AuditLog log = AuditLog.start(AuditTable.open(store), AuditLogSettings.DEFAULTS)) {
            for (int i = 1; i <= 20; i++) {
                assertThat(log.offer(new AuditEvent(java.time.Instant.now(), AuditKind.STATEMENT, "robot", "s1", null,
                        "{\"n\": " + i + "}"))).isTrue();
            }
            assertThat(log.flush(java.time.Duration.ofSeconds(10))).isTrue();
        }
        Path config = config("production:\n  database: unused\n  readonly_user: unused\nstore:\n  kind: h2\n  h2_file: "
                + storeFile + "\n");

        AirlockProcess intact = run(Map.of(), "audit", "verify", "--config", config.toString());
        assertThat(intact.exitCode()).as(intact.stderr()).isZero();
        assertThat(intact.stdout()).contains("intact: 20 records");
        assertThat(intact.stderr()).as("no progress without a terminal").isEmpty();
        AirlockProcess watched = AirlockProcess.runInTerminal(workDir, Map.of(), "", "audit", "verify", "--config",
                config.toString());
        assertThat(watched.exitCode()).isZero();
        assertThat(watched.stdout()).contains("verified 1 of 20 records (5%)").contains("intact: 20 records");

        Path exported = workDir.resolve("audit.jsonl");
        AirlockProcess export = run(Map.of(), "audit", "export", "--config", config.toString(), "--output", exported.toString());
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(Files.readAllLines(exported)).hasSize(20).allSatisfy(line -> assertThat(line).contains("\"hash\""));

        try (var connection = java.sql.DriverManager.getConnection("jdbc:h2:file:" + storeFile.toAbsolutePath()
                + ";MODE=PostgreSQL", "airlock", "")) {
            connection.createStatement().executeUpdate(
                    "UPDATE audit_block SET lines = STRINGTOUTF8(REPLACE(UTF8TOSTRING(lines), '{\\\"n\\\": 7}',"
                            + " '{\\\"n\\\": 700}'))");
        }
        AirlockProcess broken = run(Map.of(), "audit", "verify", "--json", "--config", config.toString());
        assertThat(broken.exitCode()).isEqualTo(5);
        assertThat(broken.stdout()).contains("\"sequence\":7").contains("EDITED");
    }

    @Test
    void checkPassesForTheReadOnlyRole() throws Exception {
        AirlockProcess check = run(Map.of("AIRLOCK_CLI_TEST_PASSWORD", TestProduction.READONLY_PASSWORD), "check",
                "--config", productionConfig("env:AIRLOCK_CLI_TEST_PASSWORD", TestProduction.READONLY_ROLE).toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout()).contains(TestProduction.READONLY_ROLE + " is read-only");
    }

    @Test
    void checkFailsForARoleThatCanWriteAndSaysWhat() throws Exception {
        Path passwordFile = workDir.resolve("writer-password");
        Files.writeString(passwordFile, WRITER_PASSWORD + "\n", StandardCharsets.UTF_8);
        AirlockProcess check = run(Map.of(), "check", "--config",
                productionConfig("file:" + passwordFile, WRITER).toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(4);
        assertThat(check.stdout()).contains(WRITER + " can write").contains("INSERT").contains("actor");
        assertThat(check.stdout() + check.stderr()).doesNotContain(WRITER_PASSWORD);
    }

    @Test
    void serveRefusesToStartWithACredentialThatCanWrite() throws Exception {
        Path passwordFile = workDir.resolve("writer-password");
        Files.writeString(passwordFile, WRITER_PASSWORD, StandardCharsets.UTF_8);
        AirlockProcess serve = run(Map.of(), "serve", "--config",
                productionConfig("file:" + passwordFile, WRITER).toString());

        assertThat(serve.exitCode()).isEqualTo(4);
        assertThat(serve.stderr()).contains(WRITER).contains("actor");
    }

    private AirlockProcess run(Map<String, String> environment, String... arguments) throws Exception {
        return AirlockProcess.run(workDir, environment, "", arguments);
    }

    private Path config(String yaml) throws IOException {
        Path file = Files.createTempFile(workDir, "airlock", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path productionConfig(String passwordReference, String user) throws IOException {
        TestProduction production = TestProduction.get();
        return config(String.join("\n", List.of(
                "listen:", "  host: 127.0.0.1", "  port: 0",
                "production:", "  host: " + production.host(), "  port: " + production.port(),
                "  database: " + TestProduction.PAGILA, "  readonly_user: " + user,
                "  readonly_password: " + passwordReference, "  sslmode: disable", "")));
    }
}
