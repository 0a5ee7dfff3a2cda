package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.impact.LockTaken;
import dev.airlock.sandbox.server.SandboxSettings;
import dev.airlock.sandbox.server.SandboxUnavailableException;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Statements outside transactions, transaction control, errors with positions, time limits, a server that is down. */
@ExtendWith(SharedServers.class)
class StatementHandlingIT {
    private static final String TASK = "statement-handling";
    private final Sandbox sandbox = PagilaSandbox.sandbox();
    private TaskSandbox task;

    @BeforeEach
    void createTask() throws Exception {
        task = sandbox.createTask(TASK, PagilaSandbox.production());
    }

    @AfterEach
    void dropTask() {
        sandbox.dropTask(TASK);
    }

    @Test
    void createIndexConcurrentlyRunsOnItsOwnWithItsDocumentedLock() {
        Effect effect = sandbox.computeEffect(task, ChangeSet.of("CREATE INDEX CONCURRENTLY film_rate ON public.film (rental_rate)"),
                EffectOptions.discard(null));

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(effect.statements().get(0).execution()).isEqualTo(StatementResult.Execution.ON_ITS_OWN);
        assertThat(effect.schemaChanges()).extracting(c -> c.change() + " " + c.identity()).containsExactly("ADDED public.film_rate");
        assertThat(effect.impact().locks()).extracting(LockTaken::relation, LockTaken::mode, LockTaken::measured)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("public.film", "ShareUpdateExclusiveLock", false));
        assertThat(effect.lints()).extracting(l -> l.code()).doesNotContain("INDEX_WITHOUT_CONCURRENTLY");
        assertThat(effect.keptInTaskSandbox()).isTrue();
    }

    @Test
    void aChangeSetMixingBothKindsRunsInSegments() {
        Effect effect = sandbox.computeEffect(task, ChangeSet.of("CREATE TABLE public.mixed (id int)",
                "CREATE INDEX CONCURRENTLY mixed_id ON public.mixed (id)"), EffectOptions.discard(null));

        assertThat(effect.statements()).extracting(StatementResult::execution)
                .containsExactly(StatementResult.Execution.IN_TRANSACTION, StatementResult.Execution.ON_ITS_OWN);
        assertThat(effect.schemaChanges()).extracting(c -> c.change() + " " + c.identity())
                .contains("ADDED public.mixed", "ADDED public.mixed_id");
    }

    @Test
    void roleChangesNextToNonTransactionalStatementsAreRefusedAndUndone() {
        Effect effect = sandbox.computeEffect(task, ChangeSet.of("GRANT app_ro TO reporting",
                "CREATE INDEX CONCURRENTLY film_rate ON public.film (rental_rate)"), EffectOptions.discard(null));

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().sqlState()).isEqualTo("0A000");
        assertThat(effect.statements().get(1).execution()).isEqualTo(StatementResult.Execution.NOT_RUN);
        assertThat(effect.schemaChanges()).isEmpty();
    }

    @Test
    void transactionControlIsSkippedOrRefused() {
        Effect begun = sandbox.computeEffect(task, ChangeSet.of("BEGIN", "CREATE TABLE public.t1 (id int)"),
                EffectOptions.discard(null));
        Effect committed = sandbox.computeEffect(task, ChangeSet.of("CREATE TABLE public.t2 (id int)", "COMMIT"),
                EffectOptions.discard(null));

        assertThat(begun.statements().get(0).execution()).isEqualTo(StatementResult.Execution.SKIPPED);
        assertThat(begun.outcome()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(committed.outcome()).isEqualTo(Effect.Outcome.REFUSED);
        assertThat(committed.statements().get(1).execution()).isEqualTo(StatementResult.Execution.REFUSED);
        assertThat(committed.statements().get(0).execution()).isEqualTo(StatementResult.Execution.NOT_RUN);
    }

    @Test
    void anInvalidStatementIsReportedWithPostgresMessageAndPosition() {
        Effect effect = sandbox.computeEffect(task, ChangeSet.of("CREATE TABLE public.ok (id int)",
                "ALTER TABLE public.film ADD COLUM x int", "CREATE TABLE public.never (id int)"), EffectOptions.keep(null));

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        StatementResult failed = effect.statements().get(1);
        assertThat(failed.error().sqlState()).isEqualTo("42601");
        assertThat(failed.error().message()).contains("syntax error");
        assertThat(failed.error().position()).isEqualTo("ALTER TABLE public.film ADD COLUM x int".indexOf(" int") + 2);
        assertThat(effect.statements().get(2).execution()).isEqualTo(StatementResult.Execution.NOT_RUN);
        assertThat(effect.schemaChanges()).isEmpty();
        assertThat(effect.keptInTaskSandbox()).isFalse();
    }

    @Test
    void noticesOfTheSandboxAreReported() {
        Effect effect = sandbox.computeEffect(task, ChangeSet.of("DROP TABLE IF EXISTS public.nothing_here"),
                EffectOptions.discard(null));

        assertThat(effect.statements().get(0).notices()).extracting(n -> n.message())
                .containsExactly("table \"nothing_here\" does not exist, skipping");
    }

    @Test
    void aStatementPastTheTimeLimitIsCanceledEvenIfItLiftsItsOwnTimeout() throws Exception {
        SandboxSettings quick = SandboxSettings.embedded(SharedServers.sandbox(), "postgres")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (Sandbox impatient = new Sandbox(quick)) {
            TaskSandbox same = impatient.attachTask(TASK, PagilaSandbox.production());
            long start = System.nanoTime();
            Effect effect = impatient.computeEffect(same, ChangeSet.of("SET statement_timeout = 0", "SELECT pg_sleep(30)"),
                    EffectOptions.discard(null));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
            assertThat(effect.statements().get(1).error().sqlState()).isEqualTo("57014");
            assertThat(effect.statements().get(1).error().hint()).contains("time limit");
        }
    }

    @Test
    void aSandboxServerThatIsDownGivesAClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SandboxSettings nowhere = new SandboxSettings("127.0.0.1", port, "postgres", null, "postgres",
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (Sandbox down = new Sandbox(nowhere)) {
            assertThatThrownBy(() -> down.createTask("down", PagilaSandbox.production()))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("cannot connect to the sandbox server at 127.0.0.1:" + port);
        }
    }
}
