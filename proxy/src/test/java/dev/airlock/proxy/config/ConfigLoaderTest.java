package dev.airlock.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.notify.WebhookEvent;
import dev.airlock.proxy.auth.IdentityKind;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String VERIFIER = ScramVerifier.fromPassword("pw".toCharArray(), new SecureRandom()).format();
    private static final Map<String, String> ENVIRONMENT = Map.of("RO_PASSWORD", "secret", "APP_VERIFIER", VERIFIER,
            "HOOK_SECRET", "a-webhook-secret-of-some-length", "SLACK_URL", "https://hooks.slack.test/services/T0/B0/x");

    private static AirlockConfig parse(String yaml) {
        return ConfigLoader.parse(new StringReader(yaml), "airlock.yaml", ENVIRONMENT);
    }

    private static final String MINIMAL = """
            production:
              database: app
              readonly_user: airlock_ro
            """;

    @Test
    void nestedAndDottedKeysNameTheSameSettingsAndDefaultsFillTheRest() {
        AirlockConfig config = parse("""
                listen:
                  port: 7432
                production.database: app
                production:
                  readonly_user: airlock_ro
                  readonly_password: env:RO_PASSWORD
                  pool:
                    max_size: 7
                gate:
                  parse_timeout: 250ms
                  allowed_functions: [public.safe_fn, "extension:citext"]
                identities:
                  - name: reporting
                    kind: application
                    password_verifier: env:APP_VERIFIER
                """);
        Settings settings = config.settings();
        assertThat(settings.get(Setting.LISTEN_PORT)).isEqualTo(7432);
        assertThat(settings.get(Setting.LISTEN_HOST)).isEqualTo("127.0.0.1");
        assertThat(settings.get(Setting.PRODUCTION_POOL_MAX_SIZE)).isEqualTo(7);
        assertThat(settings.get(Setting.GATE_PARSE_TIMEOUT)).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.get(Setting.GATE_ALLOWED_FUNCTIONS)).containsExactly("public.safe_fn", "extension:citext");
        assertThat(settings.find(Setting.PRODUCTION_READONLY_PASSWORD).orElseThrow().resolve(ENVIRONMENT)).isEqualTo("secret");
        assertThat(config.identities()).singleElement().satisfies(identity -> {
            assertThat(identity.name()).isEqualTo("reporting");
            assertThat(identity.kind()).isEqualTo(IdentityKind.APPLICATION);
        });
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertThatThrownBy(() -> parse(MINIMAL + "listen:\n  prot: 5432\n"))
                .isInstanceOf(ConfigException.class).hasMessage("airlock.yaml line 5: listen.prot is not a setting Airlock knows (`airlock settings` lists them)");
    }

    @Test
    void aBadValueIsNamedWithWhatWasExpected() {
        assertThatThrownBy(() -> parse(MINIMAL + "listen:\n  port: 99999\n"))
                .hasMessage("airlock.yaml line 5: listen.port 99999 is outside 0..65535");
        assertThatThrownBy(() -> parse(MINIMAL + "gate:\n  parse_timeout: soon\n"))
                .hasMessageContaining("gate.parse_timeout expected a duration");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> parse("production:\n  database: app\n"))
                .hasMessageContaining("missing required setting production.readonly_user");
    }

    @Test
    void secretsAreNeverWrittenInTheFile() {
        assertThatThrownBy(() -> parse(MINIMAL + "  readonly_password: hunter2\n"))
                .hasMessageContaining("production.readonly_password secrets are referenced as env:VARIABLE or file:/path")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse(MINIMAL + "  readonly_password: env:NOT_SET\n"))
                .hasMessageContaining("production.readonly_password environment variable NOT_SET is not set");
    }

    @Test
    void secretsAreReadFromFilesWithoutTheTrailingNewline(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("password");
        Files.writeString(file, "from-file\n");
        AirlockConfig config = parse(MINIMAL + "  readonly_password: file:" + file + "\n");
        assertThat(config.settings().find(Setting.PRODUCTION_READONLY_PASSWORD).orElseThrow().resolve(Map.of()))
                .isEqualTo("from-file");
    }

    @Test
    void tlsSettingsMustFitTogether() {
        assertThatThrownBy(() -> parse(MINIMAL + "tls:\n  required: true\n")).hasMessageContaining("tls.required needs a certificate");
        assertThatThrownBy(() -> parse(MINIMAL + "tls:\n  certificate: /x.pem\n"))
                .hasMessageContaining("tls.certificate needs both tls.certificate and tls.private_key");
    }

    @Test
    void identitiesAreChecked() {
        assertThatThrownBy(() -> parse(MINIMAL + "identities:\n  - name: a\n    kind: superhero\n    password_verifier: x\n"))
                .hasMessageContaining("identities.kind 'superhero' is not a kind of identity");
        assertThatThrownBy(() -> parse(MINIMAL + "identities:\n  - name: a\n    kind: application\n    password_verifier: plain\n"))
                .hasMessageContaining("generate one with: airlock hash-password");
        assertThatThrownBy(() -> parse(MINIMAL + "production:\n  port: 1\n")).hasMessageContaining("appears twice");
    }

    private static final String AGENTS = MINIMAL + """
            sandbox:
              host: sandbox.internal
            production.change_user: airlock_change
            """;

    @Test
    void webhooksAreReadWithTheirSecretsAndEvents() {
        AirlockConfig config = parse(AGENTS + """
                notifications:
                  attempts: 3
                webhooks:
                  - url: env:SLACK_URL
                    secret: env:HOOK_SECRET
                  - url: https://audit.example.com/airlock
                    secret: env:HOOK_SECRET
                    events: [applied, failed, expired]
                """);
        assertThat(config.webhooks()).hasSize(2);
        assertThat(config.webhooks().get(0).url()).hasToString("https://hooks.slack.test/services/T0/B0/x");
        assertThat(config.webhooks().get(0).events()).isEqualTo(WebhookEvent.DEFAULTS);
        assertThat(config.webhooks().get(1).events()).containsExactlyInAnyOrder(WebhookEvent.APPLIED, WebhookEvent.FAILED,
                WebhookEvent.EXPIRED);
        assertThat(config.webhooks().get(1).secret()).isEqualTo("a-webhook-secret-of-some-length");
        assertThat(config.webhooks().get(1).toString()).doesNotContain("a-webhook-secret");
        assertThat(config.settings().get(Setting.NOTIFICATIONS_ATTEMPTS)).isEqualTo(3);
    }

    @Test
    void badWebhooksAreNamedWithTheirLine() {
        assertThatThrownBy(() -> parse(AGENTS + "webhooks:\n  - url: https://x.example\n    secret: plain-secret-written-here\n"))
                .hasMessageContaining("line 8: webhooks secrets are referenced as env:VARIABLE or file:/path")
                .hasMessageNotContaining("plain-secret-written-here");
        assertThatThrownBy(() -> parse(AGENTS + "webhooks:\n  - url: ftp://x.example\n    secret: env:HOOK_SECRET\n"))
                .hasMessageContaining("webhooks url must be an http:// or https:// URL");
        assertThatThrownBy(() -> parse(AGENTS + "webhooks:\n  - url: https://x.example\n    secret: env:HOOK_SECRET\n"
                + "    events: [filed, exploded]\n")).hasMessageContaining("'exploded' is not a webhook event; one of filed");
        assertThatThrownBy(() -> parse(AGENTS + "webhooks:\n  - url: https://x.example\n    secret: env:HOOK_SECRET\n"
                + "    retries: 3\n")).hasMessageContaining("webhooks each entry is a map with url, secret");
        assertThatThrownBy(() -> parse(MINIMAL + "webhooks:\n  - url: https://x.example\n    secret: env:HOOK_SECRET\n"))
                .hasMessageContaining("webhooks tell of agents' changes, which need the control plane");
    }

    @Test
    void agentsApproversAndAdminsAreReadWithOwnersScopesAndGroups() {
        AirlockConfig config = parse(AGENTS + """
                identities:
                  - name: schema-bot
                    kind: agent
                    owner: data@example.com
                  - name: standing-bot
                    kind: agent
                    password_verifier: env:APP_VERIFIER
                    task: nightly
                    scope:
                      read_schemas: [public]
                      change_tables: [analytics.*]
                      statement_kinds: [ddl_change]
                approvers:
                  - name: alice
                    token_sha256: %1$s
                    groups: [dba]
                admins:
                  - name: ops
                    token_sha256: %2$s
                """.formatted("a".repeat(64), "b".repeat(64)));
        assertThat(config.identities()).hasSize(2);
        assertThat(config.identities().get(0).tasksOnly()).isTrue();
        assertThat(config.identities().get(0).owner()).isEqualTo("data@example.com");
        assertThat(config.identities().get(1).task().id()).isEqualTo("nightly");
        assertThat(config.identities().get(1).task().scope().changeTables()).containsExactly("analytics.*");
        assertThat(config.approvers()).singleElement().satisfies(a -> assertThat(a.groups()).containsExactly("dba"));
        assertThat(config.admins()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("ops"));
    }

    @Test
    void aBadScopeATaskWithoutAPasswordOrTtlsTheWrongWayRoundStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> parse(AGENTS + """
                identities:
                  - name: bot
                    kind: agent
                    password_verifier: env:APP_VERIFIER
                    scope:
                      change_tables: [notes]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("identities.scope")
                .hasMessageContaining("schema.table");
        assertThatThrownBy(() -> parse(AGENTS + """
                identities:
                  - name: bot
                    kind: agent
                    task: nightly
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("identities.task");
        assertThatThrownBy(() -> parse(AGENTS + """
                tasks:
                  default_ttl: 2h
                  max_ttl: 1h
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("tasks.max_ttl");
        assertThatThrownBy(() -> parse(AGENTS + """
                admins:
                  - name: ops
                    token_sha256: %s
                    groups: [dba]
                """.formatted("b".repeat(64)))).isInstanceOf(ConfigException.class).hasMessageContaining("admins");
    }
}
