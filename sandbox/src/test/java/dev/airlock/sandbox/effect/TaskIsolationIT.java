package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.lint.Lint;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two tasks never see each other's changes, role-level ones included, even when they run at once. */
@ExtendWith(SharedServers.class)
class TaskIsolationIT {
    private static final String A = "isolation-a";
    private static final String B = "isolation-b";

    private final Sandbox sandbox = PagilaSandbox.sandbox();
    private TaskSandbox taskA;
    private TaskSandbox taskB;

    @BeforeEach
    void createTasks() throws Exception {
        taskA = sandbox.createTask(A, PagilaSandbox.production());
        taskB = sandbox.createTask(B, PagilaSandbox.production());
    }

    @AfterEach
    void dropTasks() {
        sandbox.dropTask(A);
        sandbox.dropTask(B);
    }

    @Test
    void aKeptChangeStaysInItsOwnTask() {
        Effect created = sandbox.computeEffect(taskA, ChangeSet.of("CREATE TABLE public.only_in_a (id int)"),
                EffectOptions.keep(null));
        assertThat(created.keptInTaskSandbox()).isTrue();

        Effect laterInA = sandbox.computeEffect(taskA, ChangeSet.of("INSERT INTO public.only_in_a VALUES (1)"),
                EffectOptions.keep(null));
        Effect inB = sandbox.computeEffect(taskB, ChangeSet.of("INSERT INTO public.only_in_a VALUES (1)"),
                EffectOptions.keep(null));

        assertThat(laterInA.outcome()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(inB.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(inB.statements().get(0).error().sqlState()).isEqualTo("42P01");
        assertThat(inB.statements().get(0).error().position()).isPositive();
    }

    @Test
    void roleChangesAreMeasuredThenRolledBackEvenWhenAskedToKeep() throws Exception {
        Effect granted = sandbox.computeEffect(taskA, ChangeSet.of("GRANT app_ro TO reporting"), EffectOptions.keep(null));

        assertThat(granted.schemaChanges()).extracting(c -> c.change() + " " + c.identity())
                .containsExactly("ADDED app_ro > reporting");
        assertThat(granted.keptInTaskSandbox()).isFalse();
        assertThat(granted.note()).contains("roles");
        assertThat(membershipExists("app_ro", "reporting")).isFalse();

        Effect seenFromB = sandbox.computeEffect(taskB, ChangeSet.of("REVOKE app_ro FROM reporting"), EffectOptions.keep(null));
        assertThat(seenFromB.schemaChanges()).isEmpty();
    }

    @Test
    void twoTasksComputingRoleChangesAtOnceBothGetTheirOwnEffect() throws Exception {
        ChangeSet slowGrant = ChangeSet.of("GRANT app_ro TO writer", "SELECT pg_sleep(0.5)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Effect> inA = pool.submit(() -> sandbox.computeEffect(taskA, slowGrant, EffectOptions.keep(null)));
            Future<Effect> inB = pool.submit(() -> sandbox.computeEffect(taskB, slowGrant, EffectOptions.keep(null)));
            for (Effect effect : List.of(inA.get(), inB.get())) {
                assertThat(effect.outcome()).as(() -> effect.statements().toString()).isEqualTo(Effect.Outcome.SUCCEEDED);
                assertThat(effect.schemaChanges()).extracting(c -> c.identity()).containsExactly("app_ro > writer");
                assertThat(effect.keptInTaskSandbox()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(membershipExists("app_ro", "writer")).isFalse();
    }

    @Test
    void aCreatedRoleIsMeasuredAndNeverReachesAnotherTask() throws Exception {
        Effect effect = sandbox.computeEffect(taskA, ChangeSet.of("CREATE ROLE intruder LOGIN PASSWORD 'x' CREATEROLE"),
                EffectOptions.keep(null));

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(effect.schemaChanges()).extracting(c -> c.change() + " " + c.identity()).containsExactly("ADDED intruder");
        assertThat(effect.lints()).extracting(Lint::code).contains("PRIVILEGED_ROLE");
        assertThat(effect.keptInTaskSandbox()).isFalse();
        try (Connection admin = SharedServers.sandbox().superuserConnection("postgres");
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'intruder'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        Effect seenFromB = sandbox.computeEffect(taskB, ChangeSet.of("DROP ROLE IF EXISTS intruder"), EffectOptions.keep(null));
        assertThat(seenFromB.schemaChanges()).isEmpty();
    }

    @Test
    void droppingATaskRemovesItsDatabaseAndRole() throws Exception {
        sandbox.dropTask(A);
        try (Connection admin = SharedServers.sandbox().superuserConnection("postgres");
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM pg_database WHERE datname = '"
                     + taskA.database() + "'), (SELECT count(*) FROM pg_roles WHERE rolname = '" + taskA.role() + "')")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
            assertThat(rows.getInt(2)).isZero();
        }
    }

    @Test
    void theTaskDatabaseBelongsToANonSuperuserRoleAndPublicCannotConnect() throws Exception {
        try (Connection admin = SharedServers.sandbox().superuserConnection("postgres");
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb,"
                     + " has_database_privilege('reporting', d.oid, 'CONNECT')"
                     + " FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = '" + taskA.database() + "'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(taskA.role());
            assertThat(rows.getBoolean(2)).isFalse();
            assertThat(rows.getBoolean(3)).isFalse();
            assertThat(rows.getBoolean(4)).isFalse();
            assertThat(rows.getBoolean(5)).isFalse();
        }
    }

    private static boolean membershipExists(String role, String member) throws Exception {
        try (Connection admin = SharedServers.sandbox().superuserConnection("postgres");
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_auth_members m"
                     + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                     + " WHERE r.rolname = '" + role + "' AND u.rolname = '" + member + "'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}
