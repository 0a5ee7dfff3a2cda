package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python's PostgreSQL drivers through Airlock get exactly what they get from production: psycopg2
 * (literals interpolated client-side, implicit transactions, named cursors), psycopg 3 (server-side
 * binding, prepared statements, binary results, COPY TO STDOUT, pipeline mode), asyncpg, which
 * speaks the protocol itself (every statement prepared by name, binary results, catalog lookups of
 * enum and domain types), and psqlODBC through pyodbc, as BI tools connect (statement-level
 * rollback with a SAVEPOINT around each statement, the ODBC catalog functions). {@code .ci/run}
 * installs them from Debian; without one, its tests are skipped, saying so.
 */
class PythonDriversIT {
    private static final Path PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3")
            : Path.of("python3");
    private static Path script;

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();

    @BeforeAll
    static void start() throws URISyntaxException {
        script = Path.of(Objects.requireNonNull(PythonDriversIT.class.getResource("/clients/python_drivers.py")).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"psycopg2", "psycopg", "asyncpg", "pyodbc"})
    void readsEqualADirectConnection(String driver) throws Exception {
        assumeDriver(driver);

        String relayed = run(driver, throughAirlock());
        String direct = run(driver, directly());

        boolean filmSeven = driver.equals("psycopg2") || driver.equals("pyodbc");
        assertThat(relayed).isEqualTo(direct).contains(filmSeven ? "AIRPLANE SIERRA" : "ACE GOLDFINGER")
                .hasLineCount(switch (driver) {
                    case "psycopg" -> 6;
                    case "pyodbc" -> 7;
                    default -> 5;
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"psycopg2", "psycopg", "asyncpg", "pyodbc"})
    void aWriteIsRefusedAndProductionKeepsItsRows(String driver) throws Exception {
        assumeDriver(driver);
        // Production's own read-only refusal has the same SQLSTATE; the message says who refused.
        DriverProgram.assertWriteRefused(production, () -> run(driver, throughAirlock(), "write"),
                DriverProgram.WRITE_REFUSED);
    }

    /** PostgreSQL checks start-up parameters before the session is ready, and so must Airlock. */
    @ParameterizedTest
    @ValueSource(strings = {"psycopg2", "psycopg", "asyncpg", "pyodbc"})
    void aTimeZoneProductionRefusesFailsTheConnectionAsItDoesDirectly(String driver) throws Exception {
        assumeDriver(driver);
        String refusal = "invalid value for parameter \"TimeZone\": \"Mars/Olympus\"";

        assertThat(run(driver, directly(), "timezone", "Mars/Olympus")).startsWith("refused at connect:").contains(refusal);
        assertThat(run(driver, throughAirlock(), "timezone", "Mars/Olympus")).startsWith("refused at connect:")
                .contains("production refused a start-up parameter: " + refusal);
        assertThat(run(driver, throughAirlock(), "timezone", "Asia/Kathmandu")).isEqualTo("connected Asia/Kathmandu\n");
    }

    private static String directly() {
        return "host=127.0.0.1 port=" + production.port() + " dbname=pagila user=" + TestProduction.READONLY_ROLE
                + " password=" + TestProduction.READONLY_PASSWORD + " sslmode=disable";
    }

    private static String throughAirlock() {
        return "host=127.0.0.1 port=" + airlock.port() + " dbname=pagila user=" + TestAirlock.APPLICATION
                + " password=" + TestAirlock.APPLICATION_PASSWORD + " sslmode=require";
    }

    private static void assumeDriver(String driver) throws IOException, InterruptedException {
        String check = driver.equals("pyodbc")
                ? "import sys, pyodbc; sys.exit('PostgreSQL Unicode' not in pyodbc.drivers())" : "import " + driver;
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", check).redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "Python's " + driver + " is not installed (Debian: python3-psycopg2, python3-psycopg, python3-asyncpg,"
                        + " python3-pyodbc with odbc-postgresql); .ci/run installs it");
    }

    private static String run(String driver, String dsn, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), driver, dsn));
        command.addAll(List.of(more));
        return DriverProgram.run(command, null);
    }
}
