package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.lint.Lint;
import dev.airlock.sandbox.lint.RiskLevel;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Role statements run through the mirror's role steward: their effect is measured and rolled
 * back, and none of them can hand the task role superuser or server access.
 */
@ExtendWith(SharedServers.class)
class RoleStatementsIT {
    private static final String TASK = "role-statements";
    private static TaskSandbox task;

    @BeforeAll
    static void createTask() throws Exception {
        task = PagilaSandbox.sandbox().createTask(TASK, PagilaSandbox.production());
    }

    @AfterAll
    static void dropTask() {
        PagilaSandbox.sandbox().dropTask(TASK);
    }

    @Test
    void aNewRoleWithBypassRlsIsShownAndLinted() throws Exception {
        Effect effect = compute("CREATE ROLE analyst NOLOGIN BYPASSRLS IN ROLE app_ro");

        assertThat(effect.outcome()).as(() -> effect.statements().toString()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(effect.statements().get(0).commandTag()).isEqualTo("CREATE ROLE");
        assertThat(effect.schemaChanges()).extracting(c -> c.change() + " " + c.kind() + " " + c.identity())
                .containsExactlyInAnyOrder("ADDED ROLE analyst", "ADDED ROLE_MEMBERSHIP app_ro > analyst");
        assertThat(((Role) effect.schemaChanges().get(0).after()).bypassRls()).isTrue();
        assertThat(effect.lints()).extracting(Lint::code, Lint::risk)
                .contains(org.assertj.core.groups.Tuple.tuple("PRIVILEGED_ROLE", RiskLevel.HIGH));
        assertThat(effect.keptInTaskSandbox()).isFalse();
        assertThat(roleExists("analyst")).isFalse();
    }

    @Test
    void alteringARoleShowsBeforeAndAfter() {
        Effect effect = compute("ALTER ROLE reporting CONNECTION LIMIT 3");

        assertThat(effect.schemaChanges()).singleElement().satisfies(change -> {
            assertThat(((Role) change.before()).connectionLimit()).isEqualTo(-1);
            assertThat(((Role) change.after()).connectionLimit()).isEqualTo(3);
            assertThat(change.ddlDiff()).contains("+ CREATE ROLE reporting").contains("CONNECTION LIMIT 3");
        });
    }

    @Test
    void aRoleStatementThatWouldMakeTheTaskRoleASuperuserFailsAndLeavesNothing() throws Exception {
        Effect effect = compute("CREATE ROLE sneaky SUPERUSER ROLE app_ro");

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().sqlState()).isEqualTo("42501");
        assertThat(effect.statements().get(0).error().message()).contains("task role become sneaky");
        assertThat(effect.lints()).extracting(Lint::risk).contains(RiskLevel.CRITICAL);
        assertThat(roleExists("sneaky")).isFalse();
    }

    @Test
    void raisingAMirroredRoleTheTaskActsThroughToSuperuserFails() {
        Effect effect = compute("ALTER ROLE app_ro SUPERUSER");

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().message()).contains("app_ro");
    }

    @Test
    void theSandboxServersOwnRolesAreNotTouched() {
        for (String statement : new String[] {"ALTER ROLE postgres CONNECTION LIMIT 1",
            "CREATE ROLE sneaky SUPERUSER ROLE " + task.role()}) {
            Effect effect = compute(statement);

            assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
            assertThat(effect.statements().get(0).error().message()).contains("sandbox server's own");
        }
    }

    @Test
    void theStewardCannotBeCalledWithoutItsKey() {
        Effect effect = compute("SELECT airlock_sandbox.run_role_statement('guess', 'ALTER ROLE app_ro SUPERUSER')");

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().sqlState()).isEqualTo("42501");
    }

    @Test
    void onlyPlainRoleStatementsGoThroughTheSteward() {
        Effect effect = compute("CREATE ROLE twice; CREATE ROLE thrice");

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().sqlState()).isIn("42601", "42501");
    }

    @Test
    void anInvalidRoleStatementIsReportedWithItsOwnPosition() {
        Effect effect = compute("CREATE ROLE odd WITH NOSUCHOPTION");

        assertThat(effect.outcome()).isEqualTo(Effect.Outcome.FAILED);
        assertThat(effect.statements().get(0).error().sqlState()).isEqualTo("42601");
        assertThat(effect.statements().get(0).error().position()).isEqualTo("CREATE ROLE odd WITH ".length() + 1);
    }

    private static Effect compute(String sql) {
        return PagilaSandbox.sandbox().computeEffect(task, ChangeSet.of(sql), EffectOptions.keep(null));
    }

    private static boolean roleExists(String name) throws Exception {
        try (Connection admin = SharedServers.sandbox().superuserConnection("postgres");
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + name + "'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}
