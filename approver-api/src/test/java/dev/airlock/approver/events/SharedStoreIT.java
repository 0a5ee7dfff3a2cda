package dev.airlock.approver.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Rest;
import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.change.ChangeSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two control-plane instances on one PostgreSQL store: a session waiting on instance B hears about
 * a change filed and approved through instance A (LISTEN/NOTIFY), and B's applied-listeners fire.
 */
class SharedStoreIT {

    @Test
    void aDecisionOnOneInstanceReachesASessionWaitingOnAnother() throws Exception {
        String database = Servers.newProductionDatabase("shared", "CREATE TABLE shared_t (id int)");
        StoreSettings store = Planes.postgres("shared_store");
        List<UUID> appliedOnB = new CopyOnWriteArrayList<>();
        try (ControlPlane a = new ControlPlane(Planes.settings(database, store));
             ControlPlane b = new ControlPlane(Planes.settings(database, store))) {
            b.addAppliedListener(appliedOnB::add);
            FiledChange filed = a.file(Planes.submission("shared", "s",
                    ChangeSet.of("ALTER TABLE shared_t ADD COLUMN label text"))).join();
            UUID id = ((FiledChange.Filed) filed).id();
            CompletableFuture<ChangeOutcome> waitingOnB = b.outcome(id);

            assertThat(new Rest(a.httpPort()).approveAsShown(id, Planes.ALICE).status()).isEqualTo(200);

            ChangeOutcome outcome = waitingOnB.get(60, TimeUnit.SECONDS);
            assertThat(outcome.state()).as(outcome.reason()).isEqualTo(ChangeState.APPLIED);
            assertThat(outcome.results()).singleElement().satisfies(r -> assertThat(r.commandTag()).isEqualTo("ALTER TABLE"));
            for (int i = 0; i < 50 && appliedOnB.isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(appliedOnB).containsExactly(id);
            assertThat(new Rest(b.httpPort()).get("/api/changes/" + id, Planes.BOB).body().path("state").asText())
                    .isEqualTo("APPLIED");
        }
    }
}
