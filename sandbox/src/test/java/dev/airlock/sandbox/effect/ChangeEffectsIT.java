package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.impact.LockTaken;
import dev.airlock.sandbox.lint.Lint;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of changes: each change set on Pagila with the schema diff, access diff, lock and lint
 * it must produce. All run in one task's sandbox and are rolled back after measuring.
 */
@ExtendWith(SharedServers.class)
class ChangeEffectsIT {
    private static final String TASK = "change-effects";
    private static TaskSandbox task;

    /** One row of the table; null columns are not checked for that change. */
    record Case(String name, List<String> sql, List<String> changes, String lock, String lint, String access) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void createTask() throws Exception {
        task = PagilaSandbox.sandbox().createTask(TASK, PagilaSandbox.production());
    }

    @AfterAll
    static void dropTask() {
        PagilaSandbox.sandbox().dropTask(TASK);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                new Case("add column", List.of("ALTER TABLE public.film ADD COLUMN subtitle text"),
                        List.of("ADDED COLUMN public.film.subtitle"), "public.film AccessExclusiveLock",
                        "ACCESS_EXCLUSIVE_LOCK", null),
                new Case("drop column", List.of("ALTER TABLE public.film DROP COLUMN special_features"),
                        List.of("REMOVED COLUMN public.film.special_features"), "public.film AccessExclusiveLock",
                        "DATA_LOSS_DROP_COLUMN", null),
                new Case("column type change", List.of("ALTER TABLE public.staff ALTER COLUMN picture TYPE text"
                                + " USING encode(picture, 'hex')"),
                        List.of("CHANGED COLUMN public.staff.picture"), "public.staff AccessExclusiveLock",
                        "TABLE_REWRITE", null),
                new Case("set not null", List.of("ALTER TABLE public.address ALTER COLUMN address2 SET NOT NULL"),
                        List.of("CHANGED COLUMN public.address.address2"), "public.address AccessExclusiveLock",
                        "SET_NOT_NULL_SCAN", null),
                new Case("new index", List.of("CREATE INDEX film_length_idx ON public.film (length)"),
                        List.of("ADDED INDEX public.film_length_idx"), "public.film ShareLock",
                        "INDEX_WITHOUT_CONCURRENTLY", null),
                new Case("new foreign key", List.of("ALTER TABLE public.customer ADD CONSTRAINT customer_store_fk"
                                + " FOREIGN KEY (store_id) REFERENCES public.store (store_id)"),
                        List.of("ADDED CONSTRAINT public.customer.customer_store_fk"),
                        "public.customer ShareRowExclusiveLock", "FOREIGN_KEY_VALIDATED", null),
                new Case("new foreign key NOT VALID", List.of("ALTER TABLE public.customer ADD CONSTRAINT customer_store_fk"
                                + " FOREIGN KEY (store_id) REFERENCES public.store (store_id) NOT VALID"),
                        List.of("ADDED CONSTRAINT public.customer.customer_store_fk"),
                        "public.store ShareRowExclusiveLock", null, null),
                new Case("new view", List.of("CREATE VIEW public.cheap_films AS SELECT film_id, title FROM public.film"
                                + " WHERE rental_rate < 1"),
                        List.of("ADDED VIEW public.cheap_films", "ADDED VIEW_COLUMN public.cheap_films.film_id",
                                "ADDED VIEW_COLUMN public.cheap_films.title"), null, null,
                        "postgres GAINED SELECT public.cheap_films"),
                new Case("view change", List.of("CREATE OR REPLACE VIEW public.sales_by_store AS SELECT"
                                + " c.city AS store, NULL::text AS manager, 0::numeric AS total_sales"
                                + " FROM public.city c"),
                        List.of("CHANGED VIEW public.sales_by_store"), "public.sales_by_store AccessExclusiveLock",
                        null, null),
                new Case("function change", List.of("CREATE OR REPLACE FUNCTION public.last_updated() RETURNS trigger"
                                + " LANGUAGE plpgsql AS $$BEGIN NEW.last_update = now(); RETURN NEW; END$$"),
                        List.of("CHANGED FUNCTION public.last_updated()"), null, null, null),
                new Case("trigger", List.of("CREATE TRIGGER film_touch BEFORE UPDATE ON public.film FOR EACH ROW"
                                + " EXECUTE FUNCTION public.last_updated()"),
                        List.of("ADDED TRIGGER public.film.film_touch"), "public.film ShareRowExclusiveLock", null, null),
                new Case("row-level security policy", List.of("ALTER TABLE public.customer ENABLE ROW LEVEL SECURITY",
                                "CREATE POLICY own_store ON public.customer FOR SELECT TO app_ro USING (store_id = 1)"),
                        List.of("CHANGED TABLE public.customer", "ADDED POLICY public.customer.own_store"),
                        "public.customer AccessExclusiveLock", null, null),
                new Case("grant", List.of("GRANT SELECT, INSERT ON public.film TO app_ro"),
                        List.of("CHANGED TABLE public.film"), null, null, "app_ro GAINED INSERT public.film"),
                new Case("grant to PUBLIC", List.of("GRANT SELECT ON public.payment TO PUBLIC"),
                        List.of("CHANGED TABLE public.payment"), null, "GRANT_TO_PUBLIC", "PUBLIC GAINED SELECT public.payment"),
                new Case("grant with grant option", List.of("GRANT SELECT ON public.film TO writer WITH GRANT OPTION"),
                        List.of("CHANGED TABLE public.film"), null, "GRANT_WITH_GRANT_OPTION", "writer GAINED SELECT public.film"),
                new Case("revoke", List.of("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
                        List.of("CHANGED SCHEMA public"), null, null, "PUBLIC LOST CREATE public"),
                new Case("column-level grant", List.of("GRANT UPDATE (title) ON public.film TO writer"),
                        List.of("CHANGED COLUMN public.film.title"), null, null, "writer GAINED UPDATE public.film.title"),
                new Case("default privileges", List.of("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO app_ro"),
                        List.of("ADDED DEFAULT_PRIVILEGES for role postgres in schema public on TABLES"), null, null,
                        "app_ro GAINED SELECT new TABLES created by postgres in schema public"),
                new Case("role membership", List.of("GRANT SELECT ON public.film TO app_ro", "GRANT app_ro TO reporting"),
                        List.of("ADDED ROLE_MEMBERSHIP app_ro > reporting", "CHANGED TABLE public.film"), null, null,
                        "reporting GAINED SELECT public.film"),
                new Case("ownership change", List.of("ALTER TABLE public.language OWNER TO writer"),
                        List.of("CHANGED TABLE public.language"), "public.language AccessExclusiveLock", null,
                        "writer GAINED TRUNCATE public.language"),
                new Case("drop table", List.of("DROP TABLE public.film_category CASCADE"),
                        List.of("REMOVED TABLE public.film_category"), "public.film_category AccessExclusiveLock",
                        "DATA_LOSS_DROP_TABLE", null),
                new Case("truncate", List.of("TRUNCATE public.payment_p2022_01"), List.of(),
                        "public.payment_p2022_01 AccessExclusiveLock", "DATA_LOSS_TRUNCATE", null),
                new Case("security definer without search_path", List.of("CREATE FUNCTION public.peek() RETURNS bigint"
                                + " LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM public.payment'"),
                        List.of("ADDED FUNCTION public.peek()"), null, "SECURITY_DEFINER_SEARCH_PATH",
                        "PUBLIC GAINED EXECUTE public.peek()"),
                new Case("role attributes", List.of("ALTER ROLE app_ro BYPASSRLS"),
                        List.of("CHANGED ROLE app_ro"), null, "PRIVILEGED_ROLE", null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void changeHasItsExpectedEffect(Case change) throws Exception {
        Effect effect = PagilaSandbox.sandbox().computeEffect(task, new ChangeSet(change.sql().stream()
                .map(dev.airlock.sandbox.change.ChangeStatement::of).toList()), EffectOptions.discard(PagilaSandbox.context(null)));

        if (!change.changes().isEmpty()) {
            assertThat(effect.outcome()).as(() -> "statements: " + effect.statements()).isEqualTo(Effect.Outcome.SUCCEEDED);
        }
        assertThat(effect.schemaChanges()).extracting(c -> c.change() + " " + c.kind() + " " + c.identity())
                .as("schema diff").containsAll(change.changes());
        if (change.lock() != null) {
            assertThat(effect.impact().locks()).extracting(l -> l.relation() + " " + l.mode())
                    .as("locks").contains(change.lock());
            assertThat(effect.impact().locks()).allMatch(LockTaken::measured);
        }
        if (change.lint() != null) {
            assertThat(effect.lints()).extracting(Lint::code).as("lints").contains(change.lint());
            assertThat(effect.risk()).isGreaterThanOrEqualTo(effect.lints().get(0).risk());
        }
        if (change.access() != null) {
            assertThat(effect.accessChanges())
                    .extracting(a -> a.role() + " " + a.change() + " " + a.privilege() + " " + a.object())
                    .as("access diff").contains(change.access());
        }
        assertThat(effect.schemaChanges()).allSatisfy(c -> assertThat(c.ddlDiff()).isNotBlank());
        assertThat(effect.keptInTaskSandbox()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void effectIsDeterministic(Case change) throws Exception {
        ChangeSet changeSet = new ChangeSet(change.sql().stream().map(dev.airlock.sandbox.change.ChangeStatement::of).toList());
        Effect first = PagilaSandbox.sandbox().computeEffect(task, changeSet, EffectOptions.discard(null));
        Effect second = PagilaSandbox.sandbox().computeEffect(task, changeSet, EffectOptions.discard(null));
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(first.productionFingerprint()).isEqualTo(PagilaSandbox.production().fingerprint());
        assertThat(first.changeSetSha256()).isEqualTo(changeSet.sha256());
    }


}
