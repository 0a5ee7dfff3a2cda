package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's PostgreSQL drivers through Airlock get exactly what they get from production: pgx (statements
 * prepared by name and cached, binary results, a batch sent as one pipeline, the simple protocol on
 * request, COPY TO STDOUT) and lib/pq under database/sql (unnamed statements, text results, a
 * read-only transaction). Both speak the protocol themselves, SCRAM and TLS included. The program is
 * built from Debian's Go sources ({@code golang-go golang-github-jackc-pgx-v4-dev
 * golang-github-lib-pq-dev}, GOPATH mode, nothing downloaded), which {@code .ci/run} installs;
 * without them, these tests are skipped, saying so.
 */
class GoDriversIT {
    private static final Path SOURCE = Path.of("src/test/go/go_drivers.go");
    private static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final Path PROGRAM = Path.of("target/go-drivers/go_drivers");

    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();
    private static String unavailable;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        for (String source : List.of("github.com/jackc/pgx/v4", "github.com/lib/pq")) {
            if (!Files.isDirectory(GOPATH.resolve("src").resolve(source))) {
                unavailable = source + " is not installed (Debian: golang-go golang-github-jackc-pgx-v4-dev"
                        + " golang-github-lib-pq-dev); .ci/run installs it";
                return;
            }
        }
        ProcessBuilder builder = new ProcessBuilder("go", "build", "-o", PROGRAM.toString(), SOURCE.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("GOPATH", GOPATH.toString(), "GO111MODULE", "off",
                "GOCACHE", Path.of("target/go-cache").toAbsolutePath().toString(), "GOFLAGS", ""));
        Process go;
        try {
            go = builder.start();
        } catch (IOException noGo) {
            unavailable = "Go is not installed (Debian: golang-go); .ci/run installs it";
            return;
        }
        String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(go.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(go.exitValue()).as("go build failed: %s", output).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgx", "pq"})
    void readsEqualADirectConnection(String driver) throws Exception {
        assumeTrue(unavailable == null, unavailable);

        String relayed = run(driver, throughAirlock(), "reads");
        String direct = run(driver, directly(), "reads");

        assertThat(relayed).isEqualTo(direct).contains("AIRPLANE SIERRA").hasLineCount(driver.equals("pgx") ? 7 : 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgx", "pq"})
    void aWriteIsRefusedAndProductionKeepsItsRows(String driver) throws Exception {
        assumeTrue(unavailable == null, unavailable);
        DriverProgram.assertWriteRefused(production, () -> run(driver, throughAirlock(), "write"),
                DriverProgram.WRITE_REFUSED);
    }

    private static String directly() {
        return DriverProgram.productionUrl(production.port());
    }

    private static String throughAirlock() {
        return DriverProgram.airlockUrl(airlock.port(), "require");
    }

    private static String run(String driver, String url, String mode) throws IOException, InterruptedException {
        return DriverProgram.run(List.of(PROGRAM.toAbsolutePath().toString(), driver, url, mode), null);
    }
}
