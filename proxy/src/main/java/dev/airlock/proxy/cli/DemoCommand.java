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

    @Override
    public Integer call() throws InterruptedException {
        System.out.println("Starting embedded PostgreSQL and loading Pagila (about 10 seconds)...");
        Demo demo = Demo.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Airlock and the embedded PostgreSQL...");
            demo.close();
            stopped.countDown();
        }, "airlock-demo-shutdown"));
        System.out.println("""

                Airlock is running on 127.0.0.1:%1$d in front of production (embedded PostgreSQL, database pagila).

                Connect as the demo application (read-only):
                  psql "%2$s"
                  JDBC: %3$s

                Try it:
                  SELECT title, rating FROM film ORDER BY title LIMIT 5;   -- a proven read: passes
                  DELETE FROM rental;                                      -- a write: refused, SQLSTATE 25006
                  SELECT pg_terminate_backend(1);                          -- forbidden: refused, SQLSTATE 42501

                Every statement and decision is logged to logs/statements.log.
                Press Ctrl-C to stop; nothing is left running.
                """.formatted(demo.airlock().port(), demo.psqlUri(), demo.jdbcUrl()));
        stopped.await();
        return ExitCodes.OK;
    }
}
