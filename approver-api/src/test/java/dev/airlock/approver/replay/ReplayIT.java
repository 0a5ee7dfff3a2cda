package dev.airlock.approver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ControlPlane;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.support.Planes;
import dev.airlock.approver.support.Rest;
import dev.airlock.approver.task.TaskRequest;
import dev.airlock.approver.support.ServerLog;
import dev.airlock.approver.support.Servers;
import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.task.TaskSandboxes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The executor against a real production: the bytes production receives are the approved bytes;
 * a statement failing on production leaves nothing of its change set behind; production that
 * moved between review and replay sends the change back for approval when (and only when) the
 * effect differs; ending a task cancels its pending changes and drops its sandbox.
 */
class ReplayIT {
    private static String database;
    private static ControlPlane plane;
    private static Rest rest;
    private static final List<UUID> applied = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        database = Servers.newProductionDatabase("replay", "CREATE TABLE uniq_t (id int PRIMARY KEY);"
                + " INSERT INTO uniq_t VALUES (1); CREATE TABLE drift_t (id int); CREATE TABLE calm_t (id int);"
                + " CREATE TABLE ending_t (id int);");
        plane = new ControlPlane(Planes.settings(database, Planes.h2()));
        plane.addAppliedListener(applied::add);
        rest = new Rest(plane.httpPort());
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    private static FiledChange.Filed file(String task, ChangeSet changeSet) {
        FiledChange filed = plane.file(Planes.submission(task, "session-9", changeSet)).join();
        assertThat(filed).as(filed.toString()).isInstanceOf(FiledChange.Filed.class);
        return (FiledChange.Filed) filed;
    }

    private static ChangeOutcome approveAndWait(UUID id) throws Exception {
        var outcome = plane.outcome(id);
        assertThat(rest.approveAsShown(id, Planes.ALICE).status()).isEqualTo(200);
        return outcome.get(60, TimeUnit.SECONDS);
    }

    @Test
    void productionReceivesExactlyTheApprovedBytes() throws Exception {
        String create = "/* Airlock — byte test */\n\tCREATE   TABLE \"naïve_ü ☃\" (\r\n  id int,"
                + "   body text DEFAULT $body$it's  \"quoted\"\n$body$\n)   ;  -- trailing comment";
        String insert = "INSERT INTO \"naïve_ü ☃\"  (id, body)\nVALUES ($1, $2) /* params */";
        ChangeSet changeSet = new ChangeSet(List.of(ChangeStatement.of(create), new ChangeStatement(insert, List.of(
                new BindParameter(23, 0, "42".getBytes(StandardCharsets.UTF_8)),
                new BindParameter(25, 0, "ünïcode  'x'".getBytes(StandardCharsets.UTF_8))))));
        FiledChange.Filed filed = file("bytes", changeSet);
        assertThat(filed.sandboxResults()).extracting(r -> r.commandTag()).containsExactly("CREATE TABLE", "INSERT 0 1");

        ChangeOutcome outcome = approveAndWait(filed.id());

        assertThat(outcome.state()).as(outcome.reason()).isEqualTo(ChangeState.APPLIED);
        assertThat(outcome.results()).extracting(r -> r.commandTag()).containsExactly("CREATE TABLE", "INSERT 0 1");
        List<ServerLog.Entry> replayed = awaitLogged(insert);
        assertThat(replayed.stream().filter(e -> e.message().equals("execute <unnamed>: " + create))).hasSize(1);
        assertThat(replayed.stream().filter(e -> e.message().equals("execute <unnamed>: " + insert)))
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("parameters: $1 = '42', $2 = 'ünïcode  ''x'''"));
        assertThat(Servers.queryProduction(database, "SELECT body FROM \"naïve_ü ☃\" WHERE id = 42"))
                .isEqualTo("ünïcode  'x'");
        assertThat(Servers.queryProduction(database, "SELECT outcome FROM airlock.applied_changes WHERE change_id = '"
                + filed.id() + "'")).isEqualTo("applied");
        assertThat(applied).contains(filed.id());
    }

    private static List<ServerLog.Entry> awaitLogged(String statement) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            List<ServerLog.Entry> entries = ServerLog.production().stream()
                    .filter(e -> Servers.CHANGE_ROLE.equals(e.user()) && database.equals(e.database())).toList();
            if (entries.stream().anyMatch(e -> e.message().equals("execute <unnamed>: " + statement))) {
                return entries;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("production never logged: " + statement);
    }

    @Test
    void aStatementFailingOnProductionLeavesNothingOfTheChangeBehind() throws Exception {
        FiledChange.Filed filed = file("failing", ChangeSet.of("CREATE TABLE made_by_replay (id int)",
                "INSERT INTO uniq_t (id) VALUES (1)"));

        ChangeOutcome outcome = approveAndWait(filed.id());

        assertThat(outcome.state()).isEqualTo(ChangeState.FAILED);
        assertThat(outcome.reason()).contains("statement 2 failed").contains("rolled back");
        assertThat(outcome.results().get(0).commandTag()).isEqualTo("CREATE TABLE");
        assertThat(outcome.results().get(1).sqlState()).isEqualTo("23505");
        assertThat(Servers.queryProduction(database, "SELECT to_regclass('public.made_by_replay')")).isNull();
        assertThat(Servers.queryProduction(database, "SELECT count(*) FROM airlock.applied_changes WHERE change_id = '"
                + filed.id() + "'")).isEqualTo("0");
    }

    @Test
    void driftThatChangesTheEffectSendsTheChangeBackForApproval() throws Exception {
        FiledChange.Filed filed = file("drift", ChangeSet.of("ALTER TABLE drift_t ADD COLUMN note text"));
        Servers.onProduction(database, "ALTER TABLE drift_t ADD COLUMN note varchar(10)");

        ChangeOutcome outcome = approveAndWait(filed.id());

        assertThat(outcome.state()).isEqualTo(ChangeState.NEEDS_REAPPROVAL);
        assertThat(outcome.reason()).contains("drift").contains("differs");
        JsonNode change = rest.get("/api/changes/" + filed.id(), Planes.BOB).body();
        assertThat(change.path("effectSha256").asText()).isNotEqualTo(filed.effectSha256());
        assertThat(change.path("baseFingerprint").asText()).isNotEqualTo(filed.baseFingerprint());
        assertThat(rest.approveAsShown(filed.id(), Planes.BOB).status()).isEqualTo(409);
        assertThat(rest.post("/api/changes/" + filed.id() + "/reopen", Planes.BOB, java.util.Map.of()).body()
                .path("state").asText()).isEqualTo("PENDING");
    }

    @Test
    void driftThatLeavesTheEffectAloneLetsTheReplayGoOn() throws Exception {
        FiledChange.Filed filed = file("calm", ChangeSet.of("ALTER TABLE calm_t ADD COLUMN note text"));
        Servers.onProduction(database, "CREATE TABLE unrelated_t (id int)");

        ChangeOutcome outcome = approveAndWait(filed.id());

        assertThat(outcome.state()).as(outcome.reason()).isEqualTo(ChangeState.APPLIED);
        JsonNode change = rest.get("/api/changes/" + filed.id(), Planes.BOB).body();
        assertThat(change.path("history").findValuesAsText("reason"))
                .anyMatch(reason -> reason.contains("the recomputed effect is the reviewed one"));
        assertThat(change.path("verification").path("matched").asBoolean()).as(change.path("verification").toString())
                .isTrue();
    }

    @Test
    void endingATaskCancelsItsPendingChangesDropsItsSandboxAndFilesNothingMore() throws Exception {
        String task = plane.tasks().start(new TaskRequest(Planes.AGENT, "add two columns to ending_t", TaskFacts.Scope.EMPTY,
                Optional.empty()), "test").task().id();
        FiledChange.Filed first = file(task, ChangeSet.of("ALTER TABLE ending_t ADD COLUMN a int"));
        FiledChange.Filed second = file(task, ChangeSet.of("ALTER TABLE ending_t ADD COLUMN b int"));
        var outcome = plane.outcome(second.id());

        Rest.Answer ended = rest.post("/api/tasks/" + task + "/end", Planes.DAVE, java.util.Map.of("reason", "done"));

        assertThat(ended.status()).as(ended.body().toString()).isEqualTo(200);
        assertThat(ended.body().path("state").asText()).isEqualTo("ENDED");
        assertThat(outcome.get(10, TimeUnit.SECONDS).state()).isEqualTo(ChangeState.CANCELLED);
        assertThat(rest.get("/api/changes/" + first.id(), Planes.BOB).body().path("state").asText()).isEqualTo("CANCELLED");
        try (var connection = Servers.sandbox().superuserConnection("postgres");
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '"
                     + TaskSandboxes.databaseName(task) + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        FiledChange late = plane.file(Planes.submission(task, "session-9",
                ChangeSet.of("ALTER TABLE ending_t ADD COLUMN c int"))).join();
        assertThat(late).isInstanceOf(FiledChange.Refused.class);
        assertThat(((FiledChange.Refused) late).error().sqlState()).isEqualTo("57P01");
        assertThat(rest.post("/api/tasks/" + task + "/end", Planes.DAVE, java.util.Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aChangeTheSandboxRejectsIsNotFiled() {
        FiledChange refused = plane.file(Planes.submission("refused", "s",
                ChangeSet.of("ALTER TABLE no_such_table ADD COLUMN x int"))).join();

        assertThat(refused).isInstanceOfSatisfying(FiledChange.Refused.class, r -> {
            assertThat(r.statementIndex()).isEqualTo(1);
            assertThat(r.error().sqlState()).isEqualTo("42P01");
        });
        assertThat(rest.get("/api/changes?task=refused", Planes.BOB).body()).isEmpty();
    }
}
