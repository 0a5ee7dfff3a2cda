package dev.airlock.sandbox.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories made for one run (an embedded store, a test's world), removed when the run ends. */
public final class TemporaryDirectories {
    private TemporaryDirectories() {
    }

    /** Deletes {@code directory} and everything in it; one that is already gone is fine. */
    public static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary directory " + directory, e);
        }
    }
}
