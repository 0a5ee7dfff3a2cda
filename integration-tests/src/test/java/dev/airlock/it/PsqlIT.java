package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static Result psql(boolean throughAirlock, String command) throws IOException, InterruptedException {
        String uri = throughAirlock
                ? "postgresql://" + TestAirlock.APPLICATION + "@127.0.0.1:" + airlock.port() + "/pagila?sslmode=require"
                : "postgresql://" + TestProduction.READONLY_ROLE + "@127.0.0.1:" + production.port() + "/pagila?sslmode=disable";
        ProcessBuilder builder = new ProcessBuilder(List.of("psql", uri, "--no-psqlrc", "-X", "-c", command));
        Map<String, String> environment = builder.environment();
        environment.put("PGPASSWORD", throughAirlock ? TestAirlock.APPLICATION_PASSWORD : TestProduction.READONLY_PASSWORD);
        environment.put("PGCLIENTENCODING", "UTF8");
        environment.put("PAGER", "");
        environment.put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output, errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT film_id, title, rating, rental_rate FROM film ORDER BY film_id LIMIT 20",
            "\\d", "\\dt", "\\d film", "\\d+ rental", "\\l", "\\du", "\\dn", "\\df", "\\dv", "\\di", "\\dT", "\\dx",
            "\\dp actor", "\\d payment", "\\sf last_day", "\\dm"})
    void outputEqualsADirectConnection(String command) throws Exception {
        Result relayed = psql(true, command);
        Result direct = psql(false, command);
        assertThat(relayed.errors()).isEmpty();
        assertThat(relayed.exitCode()).isZero();
        assertThat(relayed.output()).isEqualTo(direct.output()).isNotBlank();
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
