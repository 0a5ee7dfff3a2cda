package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.rows.AffectedRows;
import dev.airlock.sandbox.rows.ProductionReadGuard;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Affected production rows of writes: statistics when the gate proves nothing, exact counts when
 * it proves the derived read read-only, with the statement's own bind parameters.
 */
@ExtendWith(SharedServers.class)
class AffectedRowsIT {
    private static final String TASK = "affected-rows";
    private static final int INT4 = 23;
    private static TaskSandbox task;

    /** Stands in for the proxy's gate: approves derived counts and their EXPLAIN, records what it was asked. */
    private final List<String> asked = new ArrayList<>();
    private final ProductionReadGuard approving = (sql, parameters) -> {
        asked.add(sql);
        return sql.startsWith("SELECT count(*) FROM") || sql.startsWith("EXPLAIN (FORMAT JSON) SELECT count(*)");
    };

    @BeforeAll
    static void createTask() throws Exception {
        task = PagilaSandbox.sandbox().createTask(TASK, PagilaSandbox.production());
    }

    @AfterAll
    static void dropTask() {
        PagilaSandbox.sandbox().dropTask(TASK);
    }

    @Test
    void deleteWithoutWhereIsEstimatedFromStatisticsAndLinted() {
        Effect effect = compute(ChangeSet.of("DELETE FROM public.rental"), null);

        AffectedRows rows = effect.affectedRows().get(0);
        assertThat(rows.basis()).isEqualTo(AffectedRows.TABLE_SIZE);
        assertThat(rows.estimate()).isEqualTo(16044L);
        assertThat(rows.exact()).isNull();
        assertThat(rows.wholeTable()).isTrue();
        assertThat(effect.lints()).extracting(l -> l.code()).contains("WRITE_WITHOUT_WHERE");
    }

    @Test
    void provedDerivedReadGivesTheExactCountWithTheStatementsOwnParameters() throws Exception {
        ChangeStatement delete = new ChangeStatement("DELETE FROM public.rental WHERE customer_id = $1",
                List.of(new BindParameter(INT4, 1, new byte[] {0, 0, 0, 5})));
        Effect effect = compute(new ChangeSet(List.of(delete)), approving);

        AffectedRows rows = effect.affectedRows().get(0);
        assertThat(rows.derivedRead()).isEqualTo("SELECT count(*) FROM public.rental WHERE customer_id = $1");
        assertThat(rows.basis()).isEqualTo(AffectedRows.PLANNER);
        assertThat(rows.exact()).isEqualTo(productionCount("SELECT count(*) FROM public.rental WHERE customer_id = 5"));
        assertThat(rows.estimate()).isPositive();
        assertThat(asked).contains(rows.derivedRead(), "EXPLAIN (FORMAT JSON) " + rows.derivedRead());
    }

    @Test
    void updateWithAFromListIsCountedOncePerTargetRow() throws Exception {
        Effect effect = compute(ChangeSet.of("UPDATE public.film f SET rental_rate = f.rental_rate + 1"
                + " FROM public.language l WHERE l.language_id = f.language_id AND l.name = 'English'"), approving);

        AffectedRows rows = effect.affectedRows().get(0);
        assertThat(rows.exact()).isEqualTo(productionCount("SELECT count(*) FROM public.film f JOIN public.language l"
                + " ON l.language_id = f.language_id WHERE l.name = 'English'"));
        assertThat(rows.tables()).containsExactly("public.film");
    }

    @Test
    void withoutProofNothingDerivedRunsOnProduction() {
        ProductionReadGuard refusing = (sql, parameters) -> {
            asked.add(sql);
            return false;
        };
        Effect effect = compute(ChangeSet.of("DELETE FROM public.payment WHERE amount > 5"), refusing);

        AffectedRows rows = effect.affectedRows().get(0);
        assertThat(rows.exact()).isNull();
        assertThat(rows.basis()).isEqualTo(AffectedRows.TABLE_SIZE);
        assertThat(rows.estimate()).isPositive();
        assertThat(asked).containsExactly("SELECT count(*) FROM public.payment WHERE amount > 5");
    }

    @Test
    void insertValuesCountsItselfAndTextParametersArriveUnchanged() {
        ChangeStatement insert = new ChangeStatement("INSERT INTO public.actor (first_name, last_name) VALUES ($1, $2), ($2, $1)",
                List.of(text("ZOË"), text("O'Brien")));
        Effect effect = compute(new ChangeSet(List.of(insert)), null);

        assertThat(effect.outcome()).as(() -> effect.statements().toString()).isEqualTo(Effect.Outcome.SUCCEEDED);
        AffectedRows rows = effect.affectedRows().get(0);
        assertThat(rows.exact()).isEqualTo(2L);
        assertThat(rows.basis()).isEqualTo(AffectedRows.VALUES);
    }

    @Test
    void statementTextWithAQuestionMarkOperatorIsNotRewritten() {
        Effect effect = compute(ChangeSet.of("DELETE FROM public.rental WHERE '{\"a\":1}'::jsonb ? 'a' AND rental_id < 0"), null);

        assertThat(effect.outcome()).as(() -> effect.statements().toString()).isEqualTo(Effect.Outcome.SUCCEEDED);
        assertThat(effect.statements().get(0).commandTag()).isEqualTo("DELETE 0");
    }

    private Effect compute(ChangeSet changeSet, ProductionReadGuard guard) {
        return PagilaSandbox.sandbox().computeEffect(task, changeSet, EffectOptions.discard(PagilaSandbox.context(guard)));
    }

    private static BindParameter text(String value) {
        return new BindParameter(0, 0, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long productionCount(String sql) throws Exception {
        try (Connection connection = SharedServers.productionReadOnly(SharedServers.PAGILA);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
