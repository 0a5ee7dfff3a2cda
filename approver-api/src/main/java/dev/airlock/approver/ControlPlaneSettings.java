package dev.airlock.approver;

import dev.airlock.approver.api.Admin;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.QuorumPolicy;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.notify.WebhookSettings;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.replay.ChangeCredential;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.TaskSettings;
import dev.airlock.sandbox.server.SandboxSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the control plane needs, as plain values, validated here so a bad value stops start-up:
 * the store; the sandbox server; production's URL and read-only role; production's change role
 * (handed to the replay executor only); the approvers and the quorum per risk level; how long a
 * change waits for approval; the lock and statement timeouts the executor sets around a replay;
 * where the HTTP API listens (port 0: any free port) and the public base URL review links start
 * with; how often expiry and the fallback re-check run; the admins; the agents tasks may be
 * started for; how tasks are issued; the policy file (empty: the built-in default policy); and the
 * names of the application identities (read-only; listed for admins, never given anything); the
 * webhooks told of changes; and how many audit records may wait for the store.
 */
public record ControlPlaneSettings(StoreSettings store, SandboxSettings sandbox, ProductionSettings production,
                                   ChangeCredential changeCredential, List<Approver> approvers, QuorumPolicy quorum,
                                   Duration changeTtl, Duration lockTimeout, Duration statementTimeout,
                                   String httpHost, int httpPort, URI publicBaseUrl, Duration sweepInterval,
                                   List<Admin> admins, List<AgentProfile> agents, TaskSettings tasks,
                                   Optional<Path> policyFile, List<String> applications, WebhookSettings webhooks,
                                   AuditLogSettings audit) {
    public ControlPlaneSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(changeCredential, "changeCredential");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        approvers = List.copyOf(approvers);
        admins = List.copyOf(admins);
        agents = List.copyOf(agents);
        applications = List.copyOf(applications);
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(policyFile, "policyFile");
        Set<String> agentNames = new HashSet<>();
        for (AgentProfile agent : agents) {
            if (!agentNames.add(agent.name())) {
                throw new IllegalArgumentException("agent " + agent.name() + " is listed twice");
            }
        }
        Set<String> adminTokens = new HashSet<>();
        for (Admin admin : admins) {
            if (!adminTokens.add(admin.tokenSha256())) {
                throw new IllegalArgumentException("admin " + admin.name() + " shares a token with another admin");
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (Approver approver : approvers) {
            if (!names.add(approver.name())) {
                throw new IllegalArgumentException("approver " + approver.name() + " is listed twice");
            }
            if (!tokens.add(approver.tokenSha256())) {
                throw new IllegalArgumentException("approver " + approver.name() + " shares a token with another approver");
            }
            if (adminTokens.contains(approver.tokenSha256())) {
                throw new IllegalArgumentException("approver " + approver.name() + " shares a token with an admin;"
                        + " give each role its own token");
            }
        }
        requirePositive(changeTtl, "changeTtl");
        requirePositive(lockTimeout, "lockTimeout");
        requirePositive(statementTimeout, "statementTimeout");
        requirePositive(sweepInterval, "sweepInterval");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be 0-65535 (0: any free port), not " + httpPort);
        }
        if (changeCredential.user().equals(production.readOnlyUser())) {
            throw new IllegalArgumentException("the change credential and the read-only role must be different roles");
        }
    }

    /** Without secrets: SandboxSettings' own toString would show the sandbox administrator's password. */
    @Override
    public String toString() {
        return "ControlPlaneSettings[store=" + store + ", sandbox=" + sandbox.host() + ":" + sandbox.port()
                + ", production=" + production + ", changeCredential=" + changeCredential + ", approvers="
                + approvers.stream().map(Approver::name).toList() + ", quorum=" + quorum.required() + ", changeTtl="
                + changeTtl + ", lockTimeout=" + lockTimeout + ", statementTimeout=" + statementTimeout + ", http="
                + httpHost + ":" + httpPort + ", publicBaseUrl=" + publicBaseUrl + ", sweepInterval=" + sweepInterval + ", admins="
                + admins.stream().map(Admin::name).toList() + ", agents=" + agents + ", tasks=" + tasks + ", policyFile=" + policyFile + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }
}
