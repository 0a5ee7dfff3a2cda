package dev.airlock.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryDirectoriesTest {
    @TempDir
    Path parent;

    @Test
    void aDirectoryGoesWithEverythingInIt() throws IOException {
        Path directory = Files.createDirectories(parent.resolve("scratch/store/nested"));
        Files.writeString(directory.resolve("store.mv.db"), "data");
        Files.writeString(parent.resolve("scratch/top.txt"), "data");
        Files.writeString(parent.resolve("neighbour.txt"), "stays");

        TemporaryDirectories.delete(parent.resolve("scratch"));

        assertThat(parent.resolve("scratch")).doesNotExist();
        assertThat(parent.resolve("neighbour.txt")).exists();
        assertThatCode(() -> TemporaryDirectories.delete(parent.resolve("scratch"))).as("already gone")
                .doesNotThrowAnyException();
    }
}
