package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.ControlPlaneSettings;
import dev.airlock.approver.api.Admin;
import dev.airlock.approver.api.BearerTokens;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.approval.QuorumPolicy;
import dev.airlock.approver.audit.AuditLogSettings;
import dev.airlock.approver.notify.WebhookSettings;
import dev.airlock.approver.production.ProductionSettings;
import dev.airlock.approver.replay.ChangeCredential;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.TaskSettings;
import dev.airlock.proxy.agent.ControlPlaneChanges;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.proxy.config.Setting;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.embedded.TemporaryDirectories;
import dev.airlock.sandbox.server.SandboxSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Airlock with agents, for end-to-end tests: a production database of its own (table {@code notes}
 * owned by the change role, readable by the read-only role), an embedded sandbox server, a control
 * plane on an H2 store (approvers alice, and bob and carol of group dba; admin dave; the default
 * quorum), the proxy with
 * the given identities, and REST helpers that talk to the control plane as a reviewer would.
 */
final class AgentWorld implements AutoCloseable {
    static final String CHANGE_ROLE = "airlock_change";
    static final String CHANGE_PASSWORD = "change-secret";
    static final String ALICE = "alice-token";
    static final String BOB = "bob-token";
    static final String CAROL = "carol-token";
    static final String DAVE = "dave-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final String database;
    final TestProduction production;
    final EmbeddedServer sandbox;
    final ControlPlane controlPlane;
    final TestAirlock airlock;
    final StoreSettings store;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The store's directory when this world made it (and so deletes it on close). */
    private Path storeDirectory;

    private AgentWorld(String database, TestProduction production, EmbeddedServer sandbox, ControlPlane controlPlane,
                       TestAirlock airlock, StoreSettings store) {
        this.database = database;
        this.production = production;
        this.sandbox = sandbox;
        this.controlPlane = controlPlane;
        this.airlock = airlock;
        this.store = store;
    }

    static AgentWorld start(String database, List<Identity> identities, Optional<Path> policyFile) throws IOException {
        return start(database, identities, policyFile, Map.of());
    }

    /** With settings of the proxy's own ({@code overrides}). */
    static AgentWorld start(String database, List<Identity> identities, Optional<Path> policyFile,
                            Map<Setting<?>, Object> overrides) throws IOException {
        Path directory = Files.createTempDirectory("airlock-it-store");
        try {
            AgentWorld world = start(database, identities, policyFile, overrides,
                    new StoreSettings.H2(directory.resolve("store")), AuditLogSettings.DEFAULTS);
            world.storeDirectory = directory;
            return world;
        } catch (RuntimeException e) {
            TemporaryDirectories.delete(directory);
            throw e;
        }
    }

    /** On a store of the test's own, holding at most {@code audit}'s backlog of audit records while it is down. */
    static AgentWorld start(String database, List<Identity> identities, Optional<Path> policyFile,
                            Map<Setting<?>, Object> overrides, StoreSettings store, AuditLogSettings audit) {
        TestProduction production = prepareProduction(database);
        EmbeddedServer sandbox = EmbeddedServer.start("it-sandbox-" + database, Map.of());
        ControlPlane controlPlane = null;
        try {
            List<AgentProfile> agents = identities.stream().filter(identity -> identity.kind() == IdentityKind.AGENT)
                    .map(identity -> new AgentProfile(identity.name(), identity.owner())).toList();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            controlPlane = new ControlPlane(new ControlPlaneSettings(store,
                    SandboxSettings.embedded(sandbox, CHANGE_ROLE),
                    new ProductionSettings(production.server().jdbcUrl(database), TestProduction.READONLY_ROLE,
                            TestProduction.READONLY_PASSWORD),
                    new ChangeCredential(CHANGE_ROLE, CHANGE_PASSWORD),
                    List.of(new Approver("alice", BearerTokens.hash(ALICE)),
                            new Approver("bob", BearerTokens.hash(BOB), Set.of("dba")),
                            new Approver("carol", BearerTokens.hash(CAROL), Set.of("dba"))),
                    QuorumPolicy.defaults(), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(20),
                    "127.0.0.1", 0, URI.create("http://airlock.test"), Duration.ofMillis(200),
                    List.of(new Admin("dave", BearerTokens.hash(DAVE))), agents,
                    new TaskSettings(Duration.ofHours(1), Duration.ofHours(8), "127.0.0.1", 0, database, "disable"),
                    policyFile, applications(identities), WebhookSettings.NONE, audit), null, metrics);
            ControlPlane plane = controlPlane;
            TestAirlock airlock = TestAirlock.start(database, overrides, identities, new ControlPlaneLink(
                    Optional.of(new ControlPlaneChanges(plane)), Optional.of(plane.auditSink()),
                    Optional.of(plane.tasks()), Optional.of(plane.policy())), metrics);
            plane.tasks().proxyListensOn(airlock.port());
            plane.addAppliedListener(id -> airlock.server().refreshCatalog());
            return new AgentWorld(database, production, sandbox, plane, airlock, store);
        } catch (RuntimeException e) {
            if (controlPlane != null) {
                controlPlane.close();
            }
            sandbox.close();
            throw e;
        }
    }

    /**
     * A fresh database on the test production server, owned by the change role (as an
     * application's schema is owned by its deploy role), with table {@code notes} readable by
     * Airlock's read-only role.
     */
    static TestProduction prepareProduction(String database) {
        TestProduction production = TestProduction.get();
        production.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + CHANGE_ROLE
                + "') THEN CREATE ROLE " + CHANGE_ROLE + " LOGIN PASSWORD '" + CHANGE_PASSWORD + "'; END IF; END $$");
        production.execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        production.execute("postgres", "CREATE DATABASE " + database + " OWNER " + CHANGE_ROLE);
        production.execute(database, "SET ROLE " + CHANGE_ROLE + "; CREATE TABLE notes (id int PRIMARY KEY, body text);"
                + " INSERT INTO notes VALUES (1, 'first'); GRANT USAGE ON SCHEMA public TO " + TestProduction.READONLY_ROLE
                + "; GRANT SELECT ON notes TO " + TestProduction.READONLY_ROLE + "; RESET ROLE;"
                + " REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
        return production;
    }

    /** The applications TestAirlock admits: its own and any given. */
    private static List<String> applications(List<Identity> identities) {
        List<String> names = new ArrayList<>(List.of(TestAirlock.APPLICATION));
        identities.stream().filter(identity -> identity.kind() == IdentityKind.APPLICATION).map(Identity::name)
                .forEach(names::add);
        return names;
    }

    boolean tableExists(String table) {
        return "1".equals(production.queryValue(database, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'"));
    }

    /** The PENDING change whose first statement contains {@code text}, once it is filed. */
    JsonNode awaitPending(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode summary : changes()) {
                if (summary.path("state").asText().equals("PENDING") && summary.path("firstStatement").asText().contains(text)) {
                    return get("/api/changes/" + summary.path("id").asText(), ALICE);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no PENDING change containing '" + text + "' within 30 s; changes: " + changes());
    }

    void approveUntilApplied(JsonNode change) throws Exception {
        assertThat(decide(change, "approve", ALICE).statusCode()).isEqualTo(200);
        JsonNode now = get("/api/changes/" + change.path("id").asText(), ALICE);
        if (now.path("state").asText().equals("PENDING")) {
            assertThat(decide(change, "approve", BOB).statusCode()).isEqualTo(200);
        }
    }

    HttpResponse<String> decide(JsonNode change, String decision, String token) throws Exception {
        return post("/api/changes/" + change.path("id").asText() + "/" + decision, token, Map.of(
                "statementsSha256", change.path("statementsSha256").asText(),
                "effectSha256", change.path("effectSha256").asText(),
                "baseFingerprint", change.path("baseFingerprint").asText(), "comment", "decided by a test"));
    }

    List<JsonNode> changes() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        get("/api/changes", ALICE).forEach(all::add);
        return all;
    }

    JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String path, String token, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + controlPlane.httpPort() + path);
    }

    @Override
    public void close() {
        try {
            airlock.close();
        } finally {
            try {
                controlPlane.close();
            } finally {
                sandbox.close();
                if (storeDirectory != null) {
                    TemporaryDirectories.delete(storeDirectory);
                }
            }
        }
    }
}
