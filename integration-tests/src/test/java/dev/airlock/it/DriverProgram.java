package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client program in another language (Python, Node.js, Go) that the driver tests run, once through
 * Airlock and once straight against production, comparing what it prints.
 */
final class DriverProgram {
    /** What every driver prints for a DELETE that Airlock refused. */
    static final String WRITE_REFUSED =
            "refused 25006 cannot execute DELETE through Airlock: application sessions are read-only\n";

    private static final String FILM_ONE_ACTORS = "SELECT count(*) FROM film_actor WHERE film_id = 1";

    /** One run of a driver program, giving what it printed. */
    @FunctionalInterface
    interface Run {
        String output() throws IOException, InterruptedException;
    }

    private DriverProgram() {
    }

    /**
     * Runs a program's DELETE of film 1's actors, which must print {@code printed}, and checks on
     * production that the rows are all still there.
     */
    static void assertWriteRefused(TestProduction production, Run write, String printed)
            throws IOException, InterruptedException {
        String before = production.queryValue("pagila", FILM_ONE_ACTORS);

        assertThat(write.output()).isEqualTo(printed);

        assertThat(production.queryValue("pagila", FILM_ONE_ACTORS)).isEqualTo(before).isNotEqualTo("0");
    }

    /** A URL to Pagila straight on production, as its read-only role, without TLS. */
    static String productionUrl(int port) {
        return url(TestProduction.READONLY_ROLE, TestProduction.READONLY_PASSWORD, port, "disable");
    }

    /** A URL to Pagila through Airlock, as the test application, with TLS as {@code sslmode} spells it. */
    static String airlockUrl(int port, String sslmode) {
        return url(TestAirlock.APPLICATION, TestAirlock.APPLICATION_PASSWORD, port, sslmode);
    }

    private static String url(String user, String password, int port, String sslmode) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + port + "/pagila?sslmode=" + sslmode;
    }

    /** Runs {@code command} in {@code directory} (null: this one) and returns what it printed; it must succeed. */
    static String run(List<String> command, File directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s failed: %s", command, errors).isZero();
        return output;
    }
}
