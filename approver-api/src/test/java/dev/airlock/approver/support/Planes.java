package dev.airlock.approver.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.ChangeSubmission;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.ControlPlaneSettings;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.api.Admin;
import dev.airlock.approver.api.BearerTokens;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.QuorumPolicy;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.notify.WebhookSettings;
import dev.airlock.approver.policy.IdentityFacts;
import dev.airlock.approver.policy.StatementFacts;
import dev.airlock.approver.policy.StatementKind;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.replay.ChangeCredential;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.TaskSettings;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.embedded.TemporaryDirectories;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.server.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Control-plane settings for tests: production database {@code database} on the shared servers,
 * approvers alice, bob and carol, and "robot" (an approver who is also the test agent, for
 * self-approval), admin dave, the agent "robot" (owner ops@airlock.test) that tasks are started
 * for, the default quorum (two for HIGH), a fast sweep, any free HTTP port.
 */
public final class Planes {
    public static final String AGENT = "robot";
    public static final String ALICE = "alice-token";
    public static final String BOB = "bob-token";
    public static final String CAROL = "carol-token";
    public static final String ROBOT = "robot-token";
    public static final String DAVE = "dave-admin-token";

    private Planes() {
    }

    public static ControlPlaneSettings settings(String database, StoreSettings store) {
        return settings(database, store, Duration.ofMinutes(10));
    }

    public static ControlPlaneSettings settings(String database, StoreSettings store, Duration ttl) {
        return settings(database, store, ttl, WebhookSettings.NONE);
    }

    public static ControlPlaneSettings settings(String database, StoreSettings store, Duration ttl,
                                                WebhookSettings webhooks) {
        return new ControlPlaneSettings(store, SandboxSettings.embedded(Servers.sandbox(), Servers.CHANGE_ROLE),
                new ProductionSettings(Servers.production().jdbcUrl(database), Servers.READ_ONLY_ROLE,
                        Servers.READ_ONLY_PASSWORD),
                new ChangeCredential(Servers.CHANGE_ROLE, Servers.CHANGE_PASSWORD),
                List.of(new Approver("alice", BearerTokens.hash(ALICE)), new Approver("bob", BearerTokens.hash(BOB)),
                        new Approver("carol", BearerTokens.hash(CAROL)), new Approver(AGENT, BearerTokens.hash(ROBOT))),
                QuorumPolicy.defaults(), ttl, Duration.ofSeconds(2), Duration.ofSeconds(20), "127.0.0.1", 0,
                URI.create("http://airlock.test/ui"), Duration.ofMillis(200),
                List.of(new Admin("dave", BearerTokens.hash(DAVE))), List.of(new AgentProfile(AGENT, "ops@airlock.test")),
                new TaskSettings(Duration.ofHours(1), Duration.ofHours(8), "127.0.0.1", 6432, database, "disable"),
                Optional.empty(), List.of("reporting-app"), webhooks, AuditLogSettings.DEFAULTS);
    }

    /** Files the statements for {@code task} as the test agent and returns the change, which must be filed. */
    public static FiledChange.Filed file(ControlPlane plane, String task, String... sql) {
        FiledChange filed = plane.file(submission(task, "session-1", ChangeSet.of(sql))).join();
        assertThat(filed).isInstanceOf(FiledChange.Filed.class);
        return (FiledChange.Filed) filed;
    }

    /**
     * A submission by the test agent, described to the policy as the gate would describe DDL or
     * DML on an unknown target: the default approval rule then applies, so the risk quorum decides.
     */
    public static ChangeSubmission submission(String task, String session, ChangeSet changeSet) {
        List<StatementFacts> facts = changeSet.statements().stream().map(statement -> {
            String command = statement.sql().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            StatementKind kind = List.of("INSERT", "UPDATE", "DELETE", "MERGE").contains(command)
                    ? StatementKind.DML_CHANGE : StatementKind.DDL_CHANGE;
            return new StatementFacts(kind, command, CatalogSnapshot.sha256(statement.sql()), List.of(),
                    List.of(StatementFacts.ANY), List.of());
        }).toList();
        return new ChangeSubmission(AGENT, task, session, changeSet, new IdentityFacts(AGENT, "agent", ""),
                new TaskFacts(task, "", TaskFacts.Scope.EMPTY), facts,
                facts.stream().map(fact -> "test-hold").toList());
    }

    /** A fresh H2 store file in a temporary directory, deleted when the tests' JVM exits. */
    public static StoreSettings h2() {
        try {
            Path directory = Files.createTempDirectory("airlock-store-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TemporaryDirectories.delete(directory)));
            return new StoreSettings.H2(directory.resolve("store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh PostgreSQL store database. */
    public static StoreSettings postgres(String prefix) {
        return new StoreSettings.Postgres(Servers.newStoreDatabase(prefix), Servers.STORE_ROLE, Servers.STORE_PASSWORD);
    }
}
