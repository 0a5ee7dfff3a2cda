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
 * production is back.
 */
class ServerOutagesIT {
    private static String database;
    private static ControlPlane plane;
    private static Rest rest;

    @BeforeAll
    static void start() {
        database = Servers.newProductionDatabase("outages", "CREATE TABLE side_effects (note text);"
                + " CREATE TABLE sandboxed (id int)");
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
        FiledChange filed = plane.file(Planes.submission("sandbox-down", "session-1", change)).join();
        assertThat(filed).isInstanceOf(FiledChange.Filed.class);
        assertThat(rest.get("/api/changes?task=sandbox-down", Planes.ALICE).body()).hasSize(1);
    }

    @Test
    void aChangeApprovedWhileProductionIsDownWaitsApprovedAndIsAppliedOnceWhenItIsBack() throws Exception {
        FiledChange filed = plane.file(Planes.submission("production-down", "session-1",
                ChangeSet.of("INSERT INTO side_effects VALUES ('replayed')"))).join();
        assertThat(filed).isInstanceOf(FiledChange.Filed.class);
        FiledChange.Filed change = (FiledChange.Filed) filed;
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

    private static String state(FiledChange.Filed change) {
        return rest.get("/api/changes/" + change.id(), Planes.ALICE).body().path("state").asText();
    }
}
