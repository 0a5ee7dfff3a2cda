package dev.airlock.proxy.cli;

import dev.airlock.proxy.demo.Demo;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock demo}: everything on embedded defaults, with a guide to try it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded PostgreSQL with the Pagila sample database as production, and Airlock in front of it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "6432", description = "Port Airlock listens on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--api-port", defaultValue = "8080",
            description = "Port of the review API (default: ${DEFAULT-VALUE}; 0: any free port).")
    private int apiPort;

    @Override
    public Integer call() throws InterruptedException {
        System.out.println("Starting embedded PostgreSQL (production and sandbox) and loading Pagila (about 20 seconds)...");
        Demo demo = Demo.start(port, apiPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Airlock and the embedded PostgreSQL...");
            demo.close();
            stopped.countDown();
        }, "airlock-demo-shutdown"));
        System.out.println("""

                Airlock is running on 127.0.0.1:%1$d in front of production (embedded PostgreSQL, database pagila).
                Try the whole loop in a few minutes:

                1. Connect as the demo application (read-only):
                     psql "%2$s"
                     JDBC: %3$s
                   SELECT title, rating FROM film ORDER BY title LIMIT 5;   -- a proven read: relayed to production
                   DELETE FROM rental;                                      -- a write: refused, SQLSTATE 25006
                   SELECT pg_terminate_backend(1);                          -- forbidden: refused, SQLSTATE 42501

                2. As the admin, start a task for the agent; its credential is printed once:
                     export AIRLOCK_API_URL=%4$s AIRLOCK_TOKEN=%5$s
                     ./airlock tasks start --agent agent --intent "track IMDb ids" --ttl 30min \\
                       --read-schema public --change-table public.film --kind ddl_change

                3. Connect as the agent with the psql line it printed, and change the schema. Airlock runs the
                   change in the task's own sandbox, computes its effect and holds it for review:
                     ALTER TABLE film ADD COLUMN imdb_id text;   -- NOTICE: Airlock is holding this change ... change <id>
                     DROP TABLE rental;                          -- refused: outside the task's scope (the rule is named)

                4. Review it as the DBA: open %4$s/ and sign in with the reviewer's token
                     %6$s
                   The change page shows the exact SQL and its SHA-256, the schema diff, locks, lints and the
                   task's intent. Approve it: Airlock replays exactly that statement on production, once.
                   Or from this terminal:
                     export AIRLOCK_TOKEN=%6$s
                     ./airlock changes list
                     ./airlock changes approve <id>              -- shows the change and asks you to confirm

                5. See it on production: in the application's psql, \\d film now lists imdb_id.

                6. End the task (with the admin's token): ./airlock tasks end <task id>
                   The agent's session is terminated, its credential refused and its sandbox dropped.

                Also: metrics at %4$s/metrics; every statement and decision in logs/statements.log and in the
                audit log (Audit in the web UI); a standing agent for quick tries: psql "%7$s"
                Press Ctrl-C to stop; nothing is left running.
                """.formatted(demo.airlock().port(), demo.psqlUri(), demo.jdbcUrl(), demo.apiUrl(),
                demo.credentials().adminToken(), demo.credentials().approverToken(), demo.agentPsqlUri()));
        stopped.await();
        return ExitCodes.OK;
    }
}
