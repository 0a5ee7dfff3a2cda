package dev.airlock.approver.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Rest;
import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.lint.RiskLevel;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reviewers over the real REST API of a real control plane (H2 store, embedded production and
 * sandbox): authentication, the three hashes, separation of duties, quorum, rejection and expiry
 * reaching a waiting session. Each test works on tables of its own, so their changes never drift
 * each other.
 */
class ApprovalFlowIT {
    private static String database;
    private static ControlPlane plane;
    private static Rest rest;

    @BeforeAll
    static void start() {
        database = Servers.newProductionDatabase("approval", "CREATE TABLE quorum_t (id int PRIMARY KEY, old_note text);"
                + " CREATE TABLE hashes_t (id int); CREATE TABLE self_t (id int); CREATE TABLE reject_t (id int);"
                + " CREATE TABLE list_t (id int);");
        plane = new ControlPlane(Planes.settings(database, Planes.h2()));
        rest = new Rest(plane.httpPort());
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    private static FiledChange.Filed file(String task, String... sql) {
        return Planes.file(plane, task, sql);
    }

    @Test
    void wrongHashesAreAConflictAndChangeNothing() {
        FiledChange.Filed filed = file("hashes", "ALTER TABLE hashes_t ADD COLUMN label text");
        Rest.Answer answer = rest.post("/api/changes/" + filed.id() + "/approve", Planes.ALICE, Map.of(
                "statementsSha256", filed.statementsSha256(), "effectSha256", "0".repeat(64),
                "baseFingerprint", filed.baseFingerprint(), "comment", "ok"));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("type").asText()).isEqualTo("urn:airlock:problem:hash-mismatch");
        assertThat(answer.body().path("detail").asText()).contains("effectSha256");
        JsonNode change = rest.get("/api/changes/" + filed.id(), Planes.ALICE).body();
        assertThat(change.path("state").asText()).isEqualTo("PENDING");
        assertThat(change.path("approvals")).isEmpty();
        assertThat(change.path("version").asLong()).isZero();
    }

    @Test
    void theRequesterCannotApproveItsOwnChange() {
        FiledChange.Filed filed = file("self", "ALTER TABLE self_t ADD COLUMN label text");
        Rest.Answer answer = rest.approveAsShown(filed.id(), Planes.ROBOT);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("status").asInt()).isEqualTo(403);
        assertThat(rest.get("/api/changes/" + filed.id(), Planes.ALICE).body().path("state").asText()).isEqualTo("PENDING");
    }

    @Test
    void withoutAValidTokenNothingIsShown() {
        assertThat(rest.get("/api/changes", null).status()).isEqualTo(401);
        Rest.Answer wrong = rest.get("/api/changes", "not-a-token");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("title").asText()).isEqualTo("Unauthenticated");
    }

    @Test
    void aHighRiskChangeNeedsTwoDistinctApproversThenIsApplied() throws Exception {
        FiledChange.Filed filed = file("quorum", "ALTER TABLE quorum_t DROP COLUMN old_note");
        assertThat(filed.risk()).isEqualTo(RiskLevel.HIGH);
        CompletableFuture<ChangeOutcome> outcome = plane.outcome(filed.id());

        assertThat(rest.approveAsShown(filed.id(), Planes.ALICE).body().path("state").asText()).isEqualTo("PENDING");
        assertThat(rest.approveAsShown(filed.id(), Planes.ALICE).status()).isEqualTo(409);
        assertThat(rest.approveAsShown(filed.id(), Planes.BOB).body().path("state").asText()).isEqualTo("APPROVED");

        ChangeOutcome settled = outcome.get(60, TimeUnit.SECONDS);
        assertThat(settled.state()).isEqualTo(ChangeState.APPLIED);
        assertThat(settled.results()).singleElement().satisfies(r -> assertThat(r.commandTag()).isEqualTo("ALTER TABLE"));
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'quorum_t' AND column_name = 'old_note'")).isEqualTo("0");
        JsonNode change = rest.get("/api/changes/" + filed.id(), Planes.CAROL).body();
        assertThat(change.path("approvals")).hasSize(2);
        assertThat(change.path("verification").path("matched").asBoolean()).as(change.path("verification").toString())
                .isTrue();
        assertThat(change.path("history").findValuesAsText("to"))
                .containsExactly("PENDING", "APPROVED", "EXECUTING", "APPLIED");
        assertThat(change.path("diff").path("unified").asText()).contains("old_note");
    }

    @Test
    void aRejectionReachesTheWaitingSession() throws Exception {
        FiledChange.Filed filed = file("reject", "ALTER TABLE reject_t ADD COLUMN label text");
        CompletableFuture<ChangeOutcome> outcome = plane.outcome(filed.id());

        Rest.Answer answer = rest.post("/api/changes/" + filed.id() + "/reject", Planes.CAROL,
                Map.of("comment", "use a lookup table"));

        assertThat(answer.status()).isEqualTo(200);
        ChangeOutcome settled = outcome.get(10, TimeUnit.SECONDS);
        assertThat(settled.state()).isEqualTo(ChangeState.REJECTED);
        assertThat(settled.reason()).contains("carol").contains("use a lookup table");
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'reject_t' AND column_name = 'label'")).isEqualTo("0");
    }

    @Test
    void changesAreListedAndFiltered() {
        FiledChange.Filed filed = file("list", "ALTER TABLE list_t ADD COLUMN label text");
        JsonNode byTask = rest.get("/api/changes?task=list&state=pending", Planes.BOB).body();
        assertThat(byTask.findValuesAsText("id")).containsExactly(filed.id().toString());
        assertThat(rest.get("/api/changes?task=list&state=applied", Planes.BOB).body()).isEmpty();
        assertThat(rest.get("/api/changes?state=nonsense", Planes.BOB).status()).isEqualTo(400);
        assertThat(rest.get("/api/changes/" + UUID.randomUUID(), Planes.BOB).status()).isEqualTo(404);
    }

    @Test
    void anUnapprovedChangeExpiresAndTheWaitingSessionHearsIt() throws Exception {
        String expiring = Servers.newProductionDatabase("expiry", "CREATE TABLE t (id int)");
        try (ControlPlane shortLived = new ControlPlane(Planes.settings(expiring, Planes.h2(), Duration.ofSeconds(1)))) {
            FiledChange filed = shortLived.file(Planes.submission("expiry", "s",
                    ChangeSet.of("ALTER TABLE t ADD COLUMN c int"))).join();
            UUID id = ((FiledChange.Filed) filed).id();

            ChangeOutcome settled = shortLived.outcome(id).get(20, TimeUnit.SECONDS);

            assertThat(settled.state()).isEqualTo(ChangeState.EXPIRED);
            assertThat(settled.reason()).startsWith("not approved before");
        }
    }
}
