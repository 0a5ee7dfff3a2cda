package dev.airlock.approver.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.ControlPlane;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1.2: the change credential and its pool are reachable only by the replay executor. The
 * sources of approver-api are scanned: the credential type and its pool appear only in
 * {@code dev.airlock.approver.replay}, plus the settings record that carries the credential and
 * the facade that hands it to the executor; and the facade's public methods return nothing a
 * connection could be taken from.
 */
class ChangeCredentialReachTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/airlock/approver");
    private static final Map<String, List<String>> ALLOWED_OUTSIDE_REPLAY = Map.of(
            "ChangeCredential", List.of("ControlPlaneSettings.java", "ControlPlane.java"),
            "changeCredential", List.of("ControlPlaneSettings.java", "ControlPlane.java"),
            "ReplayPool", List.of(),
            "AppliedMarker", List.of(),
            "Replayer", List.of());

    @Test
    void onlyTheReplayPackageTouchesTheChangeCredentialAndItsPool() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (SOURCES.relativize(file).startsWith("replay")) {
                    continue;
                }
                String source = Files.readString(file, StandardCharsets.UTF_8);
                ALLOWED_OUTSIDE_REPLAY.forEach((name, allowed) -> {
                    boolean mentions = Pattern.compile("\\b" + name + "\\b").matcher(source).find();
                    if (mentions) {
                        assertThat(allowed).as(file + " mentions " + name).contains(file.getFileName().toString());
                    }
                });
            }
        }
    }

    @Test
    void theControlPlaneCallsTheCredentialOnlyToHandItToTheExecutor() throws IOException {
        String source = Files.readString(SOURCES.resolve("ControlPlane.java"), StandardCharsets.UTF_8);
        assertThat(Pattern.compile("changeCredential\\(\\)").matcher(source).results().count()).isEqualTo(1);
        assertThat(source).contains("new ReplayExecutor(settings.production(), settings.changeCredential()");
    }

    @Test
    void theReplayPoolIsNotPublicAndTheExecutorHandsNothingOut() throws Exception {
        Class<?> pool = Class.forName("dev.airlock.approver.replay.ReplayPool");
        assertThat(Modifier.isPublic(pool.getModifiers())).isFalse();
        for (Class<?> type : List.of(ControlPlane.class, dev.airlock.approver.replay.ReplayExecutor.class)) {
            for (Method method : type.getMethods()) {
                assertThat(List.of(DataSource.class, Connection.class, pool))
                        .as(type.getSimpleName() + "." + method.getName())
                        .noneMatch(forbidden -> forbidden.isAssignableFrom(method.getReturnType()));
            }
        }
    }
}
