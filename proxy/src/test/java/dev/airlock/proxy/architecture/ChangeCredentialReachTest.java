package dev.airlock.proxy.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1, promise 2: the code that serves a client connection has no reference to the replay
 * pool or the change credential. Sessions reach the control plane only through ChangeFiling; only
 * the start-up wiring (server.ControlPlaneFactory, server.RunningAirlock) and the adapter
 * (agent.ControlPlaneChanges) name the control plane, and nothing in the proxy names its replay
 * package, its settings' credential or the change password setting outside start-up.
 */
class ChangeCredentialReachTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/airlock/proxy");
    private static final Pattern CONTROL_PLANE = Pattern.compile("\\bdev\\.airlock\\.approver\\.(ControlPlane\\b|ControlPlaneSettings\\b|replay\\.)");
    private static final Pattern CHANGE_PASSWORD = Pattern.compile("PRODUCTION_CHANGE_PASSWORD");
    private static final Set<String> WIRING = Set.of("server/ControlPlaneFactory.java", "server/RunningAirlock.java",
            "agent/ControlPlaneChanges.java");
    private static final Set<String> DECLARING_OR_WIRING = Set.of("config/Setting.java", "server/ControlPlaneFactory.java",
            "demo/Demo.java");

    @Test
    void onlyStartUpWiringNamesTheControlPlane() throws IOException {
        assertThat(filesMatching(CONTROL_PLANE)).isNotEmpty().allMatch(WIRING::contains);
    }

    @Test
    void onlyStartUpReadsTheChangePassword() throws IOException {
        assertThat(filesMatching(CHANGE_PASSWORD)).isNotEmpty().allMatch(DECLARING_OR_WIRING::contains);
    }

    @Test
    void sessionsSeeOnlyTheFilingInterface() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve("session"))) {
            for (Path file : files.toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(source).as(file.toString()).doesNotContain("ControlPlaneChanges").doesNotContain("DataSource")
                        .doesNotContain("approver.replay");
            }
        }
    }

    private static List<String> filesMatching(Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> pattern.matcher(read(file)).find())
                    .map(file -> SOURCES.relativize(file).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
