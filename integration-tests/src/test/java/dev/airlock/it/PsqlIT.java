package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** psql through Airlock prints exactly what it prints connected straight to production. */
class PsqlIT {
    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();

    private record Result(int exitCode, String output, String errors) {
    }

    /** How psql is started: its environment, and whether on a terminal. */
    private record Launch(Map<String, String> locale, boolean terminal) {
    }

    /** A UTF-8 locale, and the client encoding asked for outright. */
    private static final Launch UTF8 = new Launch(Map.of("LC_ALL", "C.UTF-8", "PGCLIENTENCODING", "UTF8"), false);
    /**
     * An interactive psql under the C locale: on a terminal, psql has libpq ask for the locale's
     * encoding, which is SQL_ASCII there.
     */
    private static final Launch C_LOCALE_TERMINAL = new Launch(Map.of("LC_ALL", "C"), true);

    private static Result psql(boolean throughAirlock, String command) throws IOException, InterruptedException {
        return psql(throughAirlock, command, UTF8);
    }

    private static Result psql(boolean throughAirlock, String command, Launch launch)
            throws IOException, InterruptedException {
        String uri = throughAirlock
                ? "postgresql://" + TestAirlock.APPLICATION + "@127.0.0.1:" + airlock.port() + "/pagila?sslmode=require"
                : "postgresql://" + TestProduction.READONLY_ROLE + "@127.0.0.1:" + production.port() + "/pagila?sslmode=disable";
        List<String> psql = List.of("psql", uri, "--no-psqlrc", "-X", "-c", command);
        ProcessBuilder builder = new ProcessBuilder(launch.terminal() ? onATerminal(psql) : psql);
        Map<String, String> environment = builder.environment();
        environment.put("PGPASSWORD", throughAirlock ? TestAirlock.APPLICATION_PASSWORD : TestProduction.READONLY_PASSWORD);
        environment.put("PAGER", "");
        environment.remove("PGCLIENTENCODING");
        environment.putAll(launch.locale());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output, errors);
    }

    /** Runs a command on a pseudo-terminal (util-linux script), its output and errors both on it. */
    private static List<String> onATerminal(List<String> command) {
        String line = command.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return List.of("script", "--quiet", "--return", "--command", line, "/dev/null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT film_id, title, rating, rental_rate FROM film ORDER BY film_id LIMIT 20",
            "\\d", "\\dt", "\\d film", "\\d+ rental", "\\l", "\\du", "\\dn", "\\df", "\\dv", "\\di", "\\dT", "\\dx",
            "\\dp actor", "\\d payment", "\\sf last_day", "\\dm", "\\df+ film_in_stock", "\\dn+", "\\dT+", "\\dD",
            "\\dc", "\\dC", "\\do", "\\dy", "\\z film", "\\sv actor_info", "\\ds", "\\dL", "\\db", "\\dd", "\\dRp",
            "\\dRs", "\\dX", "\\dA", "\\dF", "\\l+", "\\du+", "\\dP", "\\dg", "\\dO", "\\d+ film"})
    void outputEqualsADirectConnection(String command) throws Exception {
        Result relayed = psql(true, command);
        Result direct = psql(false, command);
        assertThat(relayed.errors()).isEmpty();
        assertThat(relayed.exitCode()).isZero();
        assertThat(relayed.output()).isEqualTo(direct.output()).isNotBlank();
    }

    @Test
    void anInteractivePsqlUnderTheCLocaleReadsThroughAirlockInUtf8() throws Exception {
        String query = "SELECT title, 'na' || chr(239) || 've' AS word, current_setting('client_encoding') AS encoding"
                + " FROM film ORDER BY film_id LIMIT 3";
        Result relayed = psql(true, query, C_LOCALE_TERMINAL);
        assertThat(relayed.exitCode()).isZero();
        assertThat(relayed.output()).contains("ACADEMY DINOSAUR", "na\u00efve", "UTF8").doesNotContain("FATAL", "error");
    }

    @Test
    void aWriteFromPsqlIsRefusedWithItsReason() throws Exception {
        Result result = psql(true, "DELETE FROM rental WHERE rental_id = 1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains("ERROR:  cannot execute DELETE through Airlock")
                .contains("HINT:  This connection is read-only");
        assertThat(production.queryValue("pagila", "SELECT count(*) FROM rental WHERE rental_id = 1")).isEqualTo("1");
    }
}
