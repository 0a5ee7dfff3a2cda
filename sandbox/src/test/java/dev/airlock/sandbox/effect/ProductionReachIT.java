package dev.airlock.sandbox.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements that try to leave the sandbox (to production, the server's files or programs, or
 * superuser) all fail, in a sandbox of the bypass-corpus fixtures, whose functions call dblink.
 */
@ExtendWith(SharedServers.class)
class ProductionReachIT {
    private static final String TASK = "production-reach";
    private static TaskSandbox task;

    @BeforeAll
    static void createTask() throws Exception {
        SharedServers.ensureLoaded(SharedServers.FIXTURES);
        CatalogSnapshot fixtures;
        try (Connection readOnly = SharedServers.productionReadOnly(SharedServers.FIXTURES)) {
            fixtures = Sandbox.snapshot(readOnly, Duration.ofSeconds(30));
        }
        task = PagilaSandbox.sandbox().createTask(TASK, fixtures);
    }

    @AfterAll
    static void dropTask() {
        PagilaSandbox.sandbox().dropTask(TASK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a fixture function that writes through dblink | SELECT public.f_fold(1)                              | FAILED  | 42883",
        "dblink from a DO block                        | DO $$BEGIN PERFORM dblink_connect('host=127.0.0.1'); END$$ | FAILED | 42883",
        "installing dblink                             | CREATE EXTENSION dblink                              | FAILED  | 42501",
        "installing postgres_fdw                       | CREATE EXTENSION postgres_fdw                        | FAILED  | 42501",
        "a foreign server                              | CREATE SERVER prod FOREIGN DATA WRAPPER postgres_fdw | FAILED  | 42704",
        "writing a server file                         | COPY (SELECT 1) TO '/tmp/airlock-sandbox-leak'       | FAILED  | 42501",
        "reading a server file                         | SELECT pg_read_file('/etc/hostname')                  | FAILED  | 42501",
        "an untrusted language                         | CREATE FUNCTION public.shell() RETURNS int LANGUAGE plpython3u AS 'return 1' | FAILED | 42704",
        "becoming the superuser                        | SET ROLE postgres                                    | FAILED  | 42501",
        "running a program                             | COPY (SELECT 1) TO PROGRAM 'id'                      | REFUSED | 0A000",
        "changing the server's configuration           | ALTER SYSTEM SET work_mem = '1GB'                    | REFUSED | 0A000",
    })
    void escapeRouteFails(String route, String sql, Effect.Outcome outcome, String sqlState) {
        Effect effect = PagilaSandbox.sandbox().computeEffect(task, ChangeSet.of(sql.strip()), EffectOptions.discard(null));

        assertThat(effect.outcome()).as(route).isEqualTo(outcome);
        assertThat(effect.statements().get(0).error().sqlState()).as(route).isEqualTo(sqlState);
        assertThat(effect.schemaChanges()).isEmpty();
    }
}
