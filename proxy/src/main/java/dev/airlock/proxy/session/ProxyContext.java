package dev.airlock.proxy.session;

import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.proxy.agent.ChangeFiling;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.auth.IdentityDirectory;
import dev.airlock.proxy.auth.MockVerifiers;
import dev.airlock.proxy.backend.BackendPool;
import dev.airlock.proxy.backend.CancelForwarder;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.proxy.gate.Gate;
import dev.airlock.proxy.log.AuditTrail;
import dev.airlock.proxy.log.StatementLog;
import dev.airlock.proxy.tls.ServerTls;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every client connection shares: settings, identities, TLS, the production pool, the gate,
 * the policy, the statement log, the cancel registry, the sessions of each task, production's start-up parameters (server_version and the like, relayed
 * to clients at login so they see the real server) and the start-up values it is known to accept.
 */
public final class ProxyContext {
    private final Settings settings;
    private final IdentityDirectory identities;
    private final Optional<ServerTls> tls;
    private final BackendPool pool;
    private final CancelForwarder cancelForwarder;
    private final Gate gate;
    private final StatementLog statementLog;
    private final Map<String, String> serverParameters;
    private final ControlPlaneLink controlPlane;
    private final AuditTrail auditTrail;
    private final SecureRandom random = new SecureRandom();
    private final MockVerifiers mockVerifiers = new MockVerifiers(random);
    private final CancelRegistry cancelRegistry = new CancelRegistry(random);
    private final AtomicInteger clients = new AtomicInteger();
    private final TaskSessions taskSessions = new TaskSessions();
    private final PolicyEngine policy;
    private final SessionMetrics metrics;
    private final AcceptedSettings acceptedSettings;

    public ProxyContext(Settings settings, IdentityDirectory identities, Optional<ServerTls> tls, BackendPool pool,
            CancelForwarder cancelForwarder, Gate gate, StatementLog statementLog, Map<String, String> serverParameters,
            ControlPlaneLink controlPlane, MeterRegistry registry) {
        this.settings = settings;
        this.identities = identities;
        this.tls = tls;
        this.pool = pool;
        this.cancelForwarder = cancelForwarder;
        this.gate = gate;
        this.statementLog = statementLog;
        this.serverParameters = Map.copyOf(serverParameters);
        this.acceptedSettings = new AcceptedSettings(serverParameters);
        this.controlPlane = controlPlane;
        this.auditTrail = new AuditTrail(controlPlane.audit(), settings.get(Setting.LOG_STATEMENT_TEXT).equals("hash"));
        this.policy = controlPlane.policy().orElseGet(StatementPolicy::builtIn);
        this.metrics = new SessionMetrics(registry, clients, pool);
        controlPlane.tasks().ifPresent(tasks -> {
            tasks.addEndListener(taskSessions::terminate);
            tasks.sessionsFrom(taskSessions);
        });
    }

    SessionMetrics metrics() {
        return metrics;
    }

    /** The open sessions of each task, ended with it. */
    TaskSessions taskSessions() {
        return taskSessions;
    }

    /** The policy every statement answers to (the control plane's, else the built-in one). */
    PolicyEngine policy() {
        return policy;
    }

    /** Where agents' changes are filed; empty when Airlock runs without a control plane. */
    Optional<ChangeFiling> changes() {
        return controlPlane.changes();
    }

    /** The tamper-evident audit log (records nothing without a control plane). */
    AuditTrail auditTrail() {
        return auditTrail;
    }

    Settings settings() {
        return settings;
    }

    IdentityDirectory identities() {
        return identities;
    }

    Optional<ServerTls> tls() {
        return tls;
    }

    BackendPool pool() {
        return pool;
    }

    CancelForwarder cancelForwarder() {
        return cancelForwarder;
    }

    Gate gate() {
        return gate;
    }

    StatementLog statementLog() {
        return statementLog;
    }

    Map<String, String> serverParameters() {
        return serverParameters;
    }

    /** Start-up values production has accepted, so sessions with them are ready without asking it. */
    AcceptedSettings acceptedSettings() {
        return acceptedSettings;
    }

    SecureRandom random() {
        return random;
    }

    MockVerifiers mockVerifiers() {
        return mockVerifiers;
    }

    CancelRegistry cancelRegistry() {
        return cancelRegistry;
    }

    AtomicInteger clients() {
        return clients;
    }

    public int connectedClients() {
        return clients.get();
    }
}
