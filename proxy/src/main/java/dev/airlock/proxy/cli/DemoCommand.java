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

                1. Connect as the demo application (read-only):
                     psql "%2$s"
                     JDBC: %3$s
                   SELECT title, rating FROM film ORDER BY title LIMIT 5;   -- a proven read: passes
                   DELETE FROM rental;                                      -- a write: refused, SQLSTATE 25006
                   SELECT pg_terminate_backend(1);                          -- forbidden: refused, SQLSTATE 42501

                2. Connect as the agent (task demo-task); its changes run in a sandbox and wait for review:
                     psql "%4$s"
                   ALTER TABLE film ADD COLUMN imdb_id text;   -- NOTICE: Airlock is holding this change ... change <id>
                   SET airlock.hold_mode = wait;               -- or: the next change waits for the decision

                3. Review it as the DBA (token below) through the REST API:
                     export TOKEN=%6$s
                     curl -s -H "Authorization: Bearer $TOKEN" %5$s/api/changes
                     curl -s -H "Authorization: Bearer $TOKEN" %5$s/api/changes/<id>     -- SQL, hashes, diff, impact
                     curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"statementsSha256":"...","effectSha256":"...","baseFingerprint":"...","comment":"ok"}' \\
                       %5$s/api/changes/<id>/approve
                   Approving sends exactly the reviewed statement to production, once; \\d film then shows imdb_id.

                4. Start a task of its own for the agent, as the admin (a fresh credential, shown once):
                     export AIRLOCK_API_URL=%5$s AIRLOCK_TOKEN=%7$s
                     ./airlock tasks start --agent agent --intent "index rentals" --ttl 30min \\
                       --read-schema public --change-table public.rental --kind ddl_change
                   Connect with the JDBC URL it prints; reads outside public and changes to other tables are
                   refused naming the policy rule. ./airlock tasks end <id> ends its sessions at once.

                Every statement and decision is logged to logs/statements.log.
                Press Ctrl-C to stop; nothing is left running.
                """.formatted(demo.airlock().port(), demo.psqlUri(), demo.jdbcUrl(), demo.agentPsqlUri(), demo.apiUrl(),
                demo.credentials().approverToken(), demo.credentials().adminToken()));
        stopped.await();
        return ExitCodes.OK;
    }
}
