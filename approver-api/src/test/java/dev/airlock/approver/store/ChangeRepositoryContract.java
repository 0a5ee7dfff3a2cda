package dev.airlock.approver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ApprovalNeed;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.approver.change.Transition;
import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.lint.RiskLevel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the change repository promises, whatever the database: subclasses open the store on H2
 * and on PostgreSQL and run exactly these tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChangeRepositoryContract {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final Store store;
    private final ChangeRepository changes;

    ChangeRepositoryContract(StoreSettings settings) {
        this.store = Store.open(settings, Clock.systemUTC());
        this.changes = store.changes();
    }

    @AfterAll
    void close() {
        store.close();
    }

    static ChangeRequest pending(String task, ChangeSet changeSet, RiskLevel risk, Instant expires) {
        return new ChangeRequest(UUID.randomUUID(), "robot", task, "session-7", changeSet, changeSet.sha256(),
                "f".repeat(64), "{\"risk\":\"" + risk + "\"}", "e".repeat(64), risk, new ApprovalNeed(2, "dba", "test-rule"), List.of("hold-rule"), "index the notes", ChangeState.PENDING, "filed", 0,
                NOW, NOW, expires, null, null);
    }

    @Test
    void statementsAndBindParametersComeBackByteForByte() {
        String odd = "/* ü */\r\n  CREATE\tTABLE \"naïve ☃\" (x text DEFAULT $q$it's$q$)  ;  -- done";
        ChangeSet changeSet = new ChangeSet(List.of(ChangeStatement.of(odd), new ChangeStatement(
                "INSERT INTO t VALUES ($1, $2, $3)", List.of(new BindParameter(25, 0, "ünï".getBytes(StandardCharsets.UTF_8)),
                new BindParameter(0xFFFFFFF0, 1, new byte[] {0, (byte) 0xff, 7}), new BindParameter(23, 0, null)))));
        ChangeRequest change = pending("bytes", changeSet, RiskLevel.LOW, NOW.plusSeconds(60));

        changes.insert(change, "agent:robot", "filed");
        ChangeRequest read = changes.get(change.id());

        assertThat(read.changeSet()).isEqualTo(changeSet);
        assertThat(read.changeSet().sha256()).isEqualTo(change.statementsSha256());
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(read).usingRecursiveComparison().ignoringFields("changeSet").isEqualTo(change);
    }

    @Test
    void everyMoveIsRecordedWithActorAndReason() {
        ChangeRequest change = changes.insert(pending("history", ChangeSet.of("SELECT 1"), RiskLevel.NONE,
                NOW.plusSeconds(60)), "agent:robot", "filed");
        ChangeRequest approved = changes.decide(change.id(), 0, new Approval(change.id(), "alice",
                Approval.Decision.APPROVE, "fine", change.effectSha256(), NOW), StateChange.to(ChangeState.APPROVED,
                "alice", "quorum reached"));
        ChangeRequest executing = changes.move(change.id(), approved.version(), StateChange.to(ChangeState.EXECUTING,
                "executor", "no drift"));
        ChangeRequest applied = changes.move(change.id(), executing.version(), StateChange.to(ChangeState.APPLIED,
                "executor", "committed").withResults(List.of(new ProductionResult(1, "SELECT 1", 1L, null, null)))
                .withVerification("same diff", true));

        assertThat(applied.version()).isEqualTo(3);
        assertThat(applied.verificationMatched()).isTrue();
        assertThat(changes.results(change.id())).containsExactly(new ProductionResult(1, "SELECT 1", 1L, null, null));
        assertThat(changes.approvals(change.id())).extracting(Approval::approver).containsExactly("alice");
        assertThat(changes.history(change.id())).extracting(Transition::from, Transition::to, Transition::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, ChangeState.PENDING, "agent:robot"),
                        org.assertj.core.groups.Tuple.tuple(ChangeState.PENDING, ChangeState.APPROVED, "alice"),
                        org.assertj.core.groups.Tuple.tuple(ChangeState.APPROVED, ChangeState.EXECUTING, "executor"),
                        org.assertj.core.groups.Tuple.tuple(ChangeState.EXECUTING, ChangeState.APPLIED, "executor"));
    }

    @Test
    void anIllegalMoveIsRefusedAndNothingChanges() {
        ChangeRequest change = changes.insert(pending("illegal", ChangeSet.of("SELECT 1"), RiskLevel.NONE,
                NOW.plusSeconds(60)), "agent:robot", "filed");

        assertThatThrownBy(() -> changes.move(change.id(), 0, StateChange.to(ChangeState.APPLIED, "mallory", "skip")))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("PENDING to APPLIED");
        assertThat(changes.get(change.id())).isEqualTo(change);
        assertThat(changes.history(change.id())).hasSize(1);
    }

    @Test
    void aStaleVersionIsAConflict() {
        ChangeRequest change = changes.insert(pending("stale", ChangeSet.of("SELECT 1"), RiskLevel.NONE,
                NOW.plusSeconds(60)), "agent:robot", "filed");
        changes.move(change.id(), 0, StateChange.to(ChangeState.REJECTED, "bob", "no"));

        assertThatThrownBy(() -> changes.move(change.id(), 0, StateChange.to(ChangeState.APPROVED, "alice", "yes")))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThat(changes.get(change.id()).state()).isEqualTo(ChangeState.REJECTED);
    }

    @Test
    void ofTwoConcurrentApproversExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            ChangeRequest change = changes.insert(pending("race", ChangeSet.of("SELECT " + round), RiskLevel.NONE,
                    NOW.plusSeconds(60)), "agent:robot", "filed");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<ChangeRequest>> attempts = new ArrayList<>();
            for (String approver : List.of("alice", "bob")) {
                attempts.add(threads.submit(() -> {
                    go.await();
                    return changes.decide(change.id(), 0, new Approval(change.id(), approver, Approval.Decision.APPROVE,
                            null, change.effectSha256(), NOW), StateChange.to(ChangeState.APPROVED, approver, "quorum"));
                }));
            }
            go.countDown();
            int won = 0;
            int conflicts = 0;
            for (Future<ChangeRequest> attempt : attempts) {
                try {
                    attempt.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConcurrentChangeException.class);
                    conflicts++;
                }
            }
            threads.shutdown();
            assertThat(won).isEqualTo(1);
            assertThat(conflicts).isEqualTo(1);
            assertThat(changes.approvals(change.id())).hasSize(1);
            assertThat(changes.history(change.id())).hasSize(2);
            assertThat(changes.get(change.id()).version()).isEqualTo(1);
        }
    }

    @Test
    void listsFilterAndExpiryFindsOnlyOverduePendingChanges() {
        ChangeRequest overdue = changes.insert(pending("filters", ChangeSet.of("SELECT 1"), RiskLevel.HIGH,
                NOW.minus(1, ChronoUnit.MINUTES)), "agent:robot", "filed");
        ChangeRequest later = changes.insert(pending("filters", ChangeSet.of("SELECT 2"), RiskLevel.LOW,
                NOW.plus(1, ChronoUnit.HOURS)), "agent:robot", "filed");

        assertThat(changes.list(new ChangeFilter(null, null, "filters", RiskLevel.HIGH, 10)))
                .extracting(ChangeRequest::id).containsExactly(overdue.id());
        assertThat(changes.list(new ChangeFilter(ChangeState.PENDING, "robot", "filters", null, 10))).hasSize(2);
        assertThat(changes.list(new ChangeFilter(null, "someone-else", "filters", null, 10))).isEmpty();
        assertThat(changes.expiredBefore(NOW)).contains(overdue.id()).doesNotContain(later.id());
        assertThat(changes.openIdsOfTask("filters")).containsExactlyInAnyOrder(overdue.id(), later.id());
    }
}
