package dev.airlock.approver.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Rest;
import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.server.SandboxUnavailableException;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox server and production go down (shut down fast, then started again on the same port)
 * under a running control plane. A change filed while the sandbox is down is refused with the
 * sandbox named and nothing is filed; once it is back, filing works. A change approved while
 * production is down stays APPROVED (nothing is sent on a guess), and is replayed exactly once when
 * production is back. A replay cut off by production crashing stays EXECUTING until production can
 * say how it ended, and is then decided from its marker, never sent again. (A crash, not a fast
 * shutdown: a fast shutdown ends the session holding the lock, and the replay may get the lock and
 * commit before its own session is ended, which is a correct APPLIED but not the case under test.)
 */
class ServerOutagesIT {
    private static String database;
    private static ControlPlane plane;
    private static Rest rest;

    @BeforeAll
    static void start() {
        database = Servers.newProductionDatabase("outages", "CREATE TABLE side_effects (note text);"
                + " CREATE TABLE sandboxed (id int); CREATE TABLE blocked (note text)");
        plane = new ControlPlane(Planes.settings(database, Planes.h2()));
        rest = new Rest(plane.httpPort());
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    @Test
    void aChangeFiledWhileTheSandboxIsDownIsRefusedAndNothingIsFiled() {
        ChangeSet change = ChangeSet.of("ALTER TABLE sandboxed ADD COLUMN note text");
        Servers.sandbox().stopFast();
        try {
            assertThatThrownBy(() -> plane.file(Planes.submission("sandbox-down", "session-1", change)).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SandboxUnavailableException.class);
            assertThat(rest.get("/api/changes?task=sandbox-down", Planes.ALICE).body()).isEmpty();
        } finally {
            Servers.sandbox().startAgain();
        }
        Planes.file(plane, "sandbox-down", change.statements().get(0).sql());
        assertThat(rest.get("/api/changes?task=sandbox-down", Planes.ALICE).body()).hasSize(1);
    }

    @Test
    void aChangeApprovedWhileProductionIsDownWaitsApprovedAndIsAppliedOnceWhenItIsBack() throws Exception {
        FiledChange.Filed change = Planes.file(plane, "production-down", "INSERT INTO side_effects VALUES ('replayed')");
        Servers.production().stopFast();
        try {
            assertThat(rest.approveAsShown(change.id(), Planes.ALICE).body().path("state").asText()).isEqualTo("APPROVED");
            Thread.sleep(Duration.ofSeconds(3).toMillis());
            assertThat(state(change)).as("nothing is sent on a guess; the sweep keeps trying").isEqualTo("APPROVED");
        } finally {
            Servers.production().startAgain();
        }
        ChangeOutcome outcome = plane.outcome(change.id()).get(60, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(ChangeState.APPLIED);
        Thread.sleep(Duration.ofSeconds(2).toMillis());
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM side_effects")).as("replayed once").isEqualTo("1");
        assertThat(rest.get("/api/changes/" + change.id(), Planes.ALICE).body().path("history").findValuesAsText("to"))
                .containsExactly("PENDING", "APPROVED", "EXECUTING", "APPLIED");
    }

    @Test
    void aReplayCutOffByProductionCrashingIsDecidedFromProductionOnceItIsBack() throws Exception {
        FiledChange.Filed change = Planes.file(plane, "replay-cut-off", "INSERT INTO blocked VALUES ('cut off')");
        Connection locker = Servers.production().superuserConnection(database);
        locker.setAutoCommit(false);
        locker.createStatement().execute("LOCK TABLE blocked IN ACCESS EXCLUSIVE MODE");
        assertThat(rest.approveAsShown(change.id(), Planes.ALICE).status()).isEqualTo(200);
        awaitBlockedReplay();
        assertThat(state(change)).isEqualTo("EXECUTING");
        Servers.production().crash();
        try {
            // longer than the replay pool waits for a connection (10 s): the executor gives up asking for now
            Thread.sleep(Duration.ofSeconds(12).toMillis());
            assertThat(state(change)).as("how the replay ended cannot be known while production is down")
                    .isEqualTo("EXECUTING");
        } finally {
            Servers.production().startAgain();
            locker.close();
        }
        ChangeOutcome outcome = plane.outcome(change.id()).get(60, TimeUnit.SECONDS);
        assertThat(outcome.state()).as(outcome.reason()).isEqualTo(ChangeState.FAILED);
        assertThat(outcome.reason()).contains("never committed");
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM blocked")).as("nothing half-applied").isEqualTo("0");
    }

    private static void awaitBlockedReplay() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"1".equals(Servers.queryProduction(database, "SELECT count(*) FROM pg_stat_activity WHERE"
                + " wait_event_type = 'Lock' AND query LIKE '%INSERT INTO blocked%'"))) {
            assertThat(System.nanoTime()).as("the replay never waited for the lock").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String state(FiledChange.Filed change) {
        return rest.get("/api/changes/" + change.id(), Planes.ALICE).body().path("state").asText();
    }
}
