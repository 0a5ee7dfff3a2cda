package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node.js's PostgreSQL drivers through Airlock get exactly what they get from production:
 * node-postgres (the driver of the MCP reference server, which runs an agent's query in
 * {@code BEGIN TRANSACTION READ ONLY} ... {@code ROLLBACK}; unnamed statements, named ones on
 * request, the simple protocol without parameters) and postgres.js (every query prepared by name and
 * pipelined, cursors reading a portal in batches, COPY TO STDOUT). Both speak the protocol
 * themselves, SCRAM included. {@code .ci/run} installs them with {@code npm ci} from the lock file
 * in {@code src/test/node}; without them, these tests are skipped, saying so.
 */
class NodeDriversIT {
    private static final Path DRIVERS = Path.of("src/test/node");

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();

    @ParameterizedTest
    @ValueSource(strings = {"pg", "postgres"})
    void readsEqualADirectConnection(String driver) throws Exception {
        assumeDriver(driver);

        String relayed = run(driver, throughAirlock(driver), "reads");
        String direct = run(driver, directly(), "reads");

        assertThat(relayed).isEqualTo(direct).contains("AIRPLANE SIERRA").hasLineCount(driver.equals("pg") ? 7 : 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "postgres"})
    void aWriteIsRefusedAndProductionKeepsItsRows(String driver) throws Exception {
        assumeDriver(driver);
        // node-postgres tries it in BEGIN TRANSACTION READ ONLY, rolls back and goes on, as the MCP server does.
        DriverProgram.assertWriteRefused(production, () -> run(driver, throughAirlock(driver), "write"),
                DriverProgram.WRITE_REFUSED + (driver.equals("pg") ? "then 3\n" : ""));
    }

    private static String directly() {
        return DriverProgram.productionUrl(production.port());
    }

    /** TLS, Airlock's certificate unverified: node-postgres spells that no-verify, postgres.js require. */
    private static String throughAirlock(String driver) {
        return DriverProgram.airlockUrl(airlock.port(), driver.equals("pg") ? "no-verify" : "require");
    }

    private static void assumeDriver(String driver) {
        boolean installed = Files.isDirectory(DRIVERS.resolve("node_modules").resolve(driver));
        assumeTrue(installed, "Node.js's " + driver + " is not installed (npm ci --prefix integration-tests/src/test/node);"
                + " .ci/run installs it");
    }

    private static String run(String driver, String url, String mode) throws IOException, InterruptedException {
        return DriverProgram.run(List.of("node", "node_drivers.js", driver, url, mode), DRIVERS.toFile());
    }
}
