package dev.airlock.approver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.ControlPlaneSettings;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.store.StateChange;
import dev.airlock.approver.store.Store;
import dev.airlock.approver.store.StoreSettings;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.change.ChangeSet;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A crash while EXECUTING, simulated: changes are put into EXECUTING in the store as the executor
 * would have left them, production is left as the crashed replay would have left it, and a new
 * control plane starts on the same store. It must decide each change from production's marker and
 * never send a statement again (each statement inserts into {@code side_effects}, which counts it).
 */
class CrashRecoveryIT {

    @Test
    void aChangeFoundExecutingIsResolvedFromProductionAndNeverSentTwice() {
        String database = Servers.newProductionDatabase("crash", "CREATE TABLE side_effects (change text)");
        StoreSettings store = Planes.h2();
        ControlPlaneSettings settings = Planes.settings(database, store);
        UUID committed;
        UUID neverCommitted;
        UUID outsideTransaction;
        try (ControlPlane before = new ControlPlane(settings)) {
            committed = file(before, "committed", "INSERT INTO side_effects VALUES ('committed')");
            neverCommitted = file(before, "lost", "INSERT INTO side_effects VALUES ('lost')");
            outsideTransaction = file(before, "concurrently", "CREATE INDEX CONCURRENTLY side_idx ON side_effects (change)");
        }
        try (Store direct = Store.open(store, Clock.systemUTC())) {
            for (UUID id : new UUID[] {committed, neverCommitted, outsideTransaction}) {
                ChangeRequest change = direct.changes().get(id);
                ChangeRequest approved = direct.changes().move(id, change.version(),
                        StateChange.to(ChangeState.APPROVED, "alice", "test"));
                direct.changes().move(id, approved.version(), StateChange.to(ChangeState.EXECUTING,
                        ReplayExecutor.ACTOR, "crashed right after this"));
            }
        }
        // The committed replay's transaction made it to production, marker included; the other never did.
        Servers.onProduction(database, "SET ROLE " + Servers.CHANGE_ROLE + "; BEGIN;"
                + " INSERT INTO airlock.applied_changes (change_id, outcome) VALUES ('" + committed + "', 'applied');"
                + " INSERT INTO side_effects VALUES ('committed'); COMMIT;"
                + " INSERT INTO airlock.applied_changes (change_id, outcome) VALUES ('" + outsideTransaction + "', 'started');");

        try (ControlPlane after = new ControlPlane(settings);
             Store direct = Store.open(store, Clock.systemUTC())) {
            ChangeRequest applied = direct.changes().get(committed);
            ChangeRequest failed = direct.changes().get(neverCommitted);
            ChangeRequest unknown = direct.changes().get(outsideTransaction);

            assertThat(applied.state()).isEqualTo(ChangeState.APPLIED);
            assertThat(applied.reason()).contains("marker").contains("not re-sent");
            assertThat(failed.state()).isEqualTo(ChangeState.FAILED);
            assertThat(failed.reason()).contains("never committed");
            assertThat(unknown.state()).isEqualTo(ChangeState.FAILED);
            assertThat(unknown.reason()).contains("outcome unknown, check production");
        }
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM side_effects WHERE change = 'committed'"))
                .isEqualTo("1");
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM side_effects WHERE change = 'lost'"))
                .isEqualTo("0");
        assertThat(Servers.queryProduction(database, "SELECT to_regclass('public.side_idx')")).isNull();
        assertThat(Servers.queryProduction(database, "SELECT outcome FROM airlock.applied_changes WHERE change_id = '"
                + neverCommitted + "'")).as("the tombstone that keeps a late commit out").isEqualTo("abandoned");
    }

    private static UUID file(ControlPlane plane, String task, String sql) {
        FiledChange filed = plane.file(Planes.submission(task, "s", ChangeSet.of(sql))).join();
        assertThat(filed).as(filed.toString()).isInstanceOf(FiledChange.Filed.class);
        return ((FiledChange.Filed) filed).id();
    }
}
