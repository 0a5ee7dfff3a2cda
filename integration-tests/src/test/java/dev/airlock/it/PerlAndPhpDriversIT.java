package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Perl's DBD::Pg and PHP's PDO through Airlock get exactly what they get from production. Both run
 * on libpq, but use the protocol their own way: each prepares statements on the server under names
 * of its own and drops them with an SQL {@code DEALLOCATE} (not a Close message) when the statement
 * goes, so Airlock sees a name made by Parse and removed by a query; the programs print how many
 * prepared statements the server still holds, which must be none. DBD::Pg's catalog methods
 * (tables, column_info, primary_key) send large catalog queries of their own, and PDO's emulated
 * prepares interpolate values client-side. {@code .ci/run} installs them from Debian
 * ({@code libdbd-pg-perl}, {@code php-cli php-pgsql}); without one, its tests are skipped, saying so.
 */
class PerlAndPhpDriversIT {
    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.PAGILA);
    private static final TestProduction production = TestProduction.get();

    @ParameterizedTest
    @ValueSource(strings = {"perl", "php"})
    void readsEqualADirectConnection(String language) throws Exception {
        assumeDriver(language);

        String relayed = run(language, DriverProgram.airlockUrl(airlock.port(), "require"), "reads");
        String direct = run(language, DriverProgram.productionUrl(production.port()), "reads");

        assertThat(relayed).isEqualTo(direct).contains("AIRPLANE SIERRA").contains(", 0 left").hasLineCount(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"perl", "php"})
    void aWriteIsRefusedAndProductionKeepsItsRows(String language) throws Exception {
        assumeDriver(language);
        String url = DriverProgram.airlockUrl(airlock.port(), "require");
        DriverProgram.assertWriteRefused(production, () -> run(language, url, "write"), DriverProgram.WRITE_REFUSED);
    }

    private static void assumeDriver(String language) throws IOException, InterruptedException {
        List<String> check = language.equals("perl") ? List.of("perl", "-MDBD::Pg", "-e", "1")
                : List.of("php", "-r", "exit(extension_loaded('pdo_pgsql') ? 0 : 1);");
        boolean installed;
        try {
            Process probe = new ProcessBuilder(check).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            installed = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException noInterpreter) {
            installed = false;
        }
        assumeTrue(installed, (language.equals("perl") ? "Perl's DBD::Pg (Debian: libdbd-pg-perl)"
                : "PHP's pdo_pgsql (Debian: php-cli php-pgsql)") + " is not installed; .ci/run installs it");
    }

    private static String run(String language, String url, String mode) throws IOException, InterruptedException {
        return DriverProgram.run(List.of(language, script(language).toString(), url, mode), null);
    }

    private static Path script(String language) {
        String name = language.equals("perl") ? "/clients/dbd_pg.pl" : "/clients/pdo_pgsql.php";
        try {
            return Path.of(Objects.requireNonNull(PerlAndPhpDriversIT.class.getResource(name)).toURI());
        } catch (URISyntaxException notAFile) {
            throw new IllegalStateException(notAFile);
        }
    }
}
