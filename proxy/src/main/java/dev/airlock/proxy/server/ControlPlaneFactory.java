package dev.airlock.proxy.server;

import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.ControlPlaneSettings;
import dev.airlock.approver.approval.QuorumPolicy;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.notify.WebhookSettings;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.replay.ChangeCredential;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.TaskSettings;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.backend.ProductionJdbc;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.SecretReference;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.sandbox.lint.RiskLevel;
import dev.airlock.sandbox.server.SandboxSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane as the configuration describes it: started when a sandbox server is
 * configured (agents need one; the configuration loader makes sure of that), absent otherwise.
 * Secrets are resolved here, once, from the environment or files.
 */
public final class ControlPlaneFactory {
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final int AUDIT_BATCH = 1_000;

    private ControlPlaneFactory() {
    }

    public static Optional<ControlPlane> start(AirlockConfig config, ProductionEndpoint readOnly,
            Map<String, String> environment, MeterRegistry metrics) {
        Settings settings = config.settings();
        if (settings.find(Setting.SANDBOX_HOST).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ControlPlane(settings(config, readOnly, environment), null, metrics));
        } catch (IllegalArgumentException e) {
            throw new StartupException("the control plane's configuration is not usable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StartupException("cannot start the control plane (sandbox " + settings.get(Setting.SANDBOX_HOST)
                    + ", store " + settings.get(Setting.STORE_KIND) + "): " + e.getMessage(), e);
        }
    }

    static ControlPlaneSettings settings(AirlockConfig config, ProductionEndpoint readOnly, Map<String, String> environment) {
        Settings settings = config.settings();
        String changeUser = settings.find(Setting.PRODUCTION_CHANGE_USER).orElseThrow(() -> new StartupException(
                "production.change_user is required with a sandbox: approved changes are applied with it"));
        SandboxSettings sandbox = new SandboxSettings(settings.get(Setting.SANDBOX_HOST), settings.get(Setting.SANDBOX_PORT),
                settings.get(Setting.SANDBOX_ADMIN_USER), secret(settings, Setting.SANDBOX_ADMIN_PASSWORD, environment),
                changeUser, settings.get(Setting.SANDBOX_STATEMENT_TIMEOUT), settings.get(Setting.SANDBOX_LOCK_TIMEOUT),
                Duration.ofSeconds(10), Duration.ofMinutes(10));
        String apiHost = settings.get(Setting.API_HOST);
        int apiPort = settings.find(Setting.API_PUBLIC_URL).isEmpty() && settings.get(Setting.API_PORT) == 0
                ? freePort(apiHost) : settings.get(Setting.API_PORT);
        URI publicUrl = URI.create(settings.find(Setting.API_PUBLIC_URL).orElse("http://" + apiHost + ":" + apiPort));
        return new ControlPlaneSettings(store(settings, environment), sandbox,
                new ProductionSettings(ProductionJdbc.url(readOnly), readOnly.user(), readOnly.password()),
                new ChangeCredential(changeUser, secret(settings, Setting.PRODUCTION_CHANGE_PASSWORD, environment)),
                config.approvers(), quorum(settings), settings.get(Setting.APPROVAL_CHANGE_TTL),
                settings.get(Setting.REPLAY_LOCK_TIMEOUT), settings.get(Setting.REPLAY_STATEMENT_TIMEOUT),
                apiHost, apiPort, publicUrl, SWEEP_INTERVAL, config.admins(), agents(config), tasks(settings),
                settings.find(Setting.POLICY_FILE).map(Path::of), config.identities().stream()
                        .filter(identity -> identity.kind() == IdentityKind.APPLICATION).map(Identity::name).toList(),
                new WebhookSettings(config.webhooks(), settings.get(Setting.NOTIFICATIONS_FIRST_RETRY),
                        settings.get(Setting.NOTIFICATIONS_ATTEMPTS)),
                new AuditLogSettings(settings.get(Setting.AUDIT_BACKLOG), AUDIT_BATCH));
    }

    private static List<AgentProfile> agents(AirlockConfig config) {
        return config.identities().stream().filter(identity -> identity.kind() == IdentityKind.AGENT)
                .map(identity -> new AgentProfile(identity.name(), identity.owner())).toList();
    }

    /** Where agents are told to connect: listen.public_host, else listen.host unless it is a wildcard. */
    private static TaskSettings tasks(Settings settings) {
        String listenHost = settings.get(Setting.LISTEN_HOST);
        String host = settings.find(Setting.LISTEN_PUBLIC_HOST).orElse(
                listenHost.equals("0.0.0.0") || listenHost.equals("::") || listenHost.isEmpty() ? "localhost" : listenHost);
        boolean tls = settings.find(Setting.TLS_CERTIFICATE).isPresent() || settings.get(Setting.TLS_SELF_SIGNED);
        return new TaskSettings(settings.get(Setting.TASKS_DEFAULT_TTL), settings.get(Setting.TASKS_MAX_TTL), host,
                settings.get(Setting.LISTEN_PORT), settings.get(Setting.PRODUCTION_DATABASE), tls ? "require" : "disable");
    }

    /**
     * A free port for api.port 0 without api.public_url: chosen here so review links name the
     * port the API will listen on.
     */
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("cannot find a free port for the review API on " + host + ": " + e.getMessage(), e);
        }
    }

    /** The store the configuration names (store.kind and its keys), for the control plane and the audit commands. */
    public static StoreSettings store(Settings settings, Map<String, String> environment) {
        if (settings.get(Setting.STORE_KIND).equals("h2")) {
            return new StoreSettings.H2(Path.of(settings.get(Setting.STORE_H2_FILE)));
        }
        return new StoreSettings.Postgres(settings.find(Setting.STORE_URL).orElseThrow(),
                settings.find(Setting.STORE_USER).orElse(null), secret(settings, Setting.STORE_PASSWORD, environment));
    }

    private static QuorumPolicy quorum(Settings settings) {
        return new QuorumPolicy(Map.of(RiskLevel.NONE, settings.get(Setting.APPROVAL_QUORUM_LOW),
                RiskLevel.LOW, settings.get(Setting.APPROVAL_QUORUM_LOW),
                RiskLevel.MEDIUM, settings.get(Setting.APPROVAL_QUORUM_MEDIUM),
                RiskLevel.HIGH, settings.get(Setting.APPROVAL_QUORUM_HIGH),
                RiskLevel.CRITICAL, settings.get(Setting.APPROVAL_QUORUM_CRITICAL)));
    }

    private static String secret(Settings settings, Setting<SecretReference> setting, Map<String, String> environment) {
        return settings.find(setting).map(reference -> reference.resolve(environment)).orElse(null);
    }
}
