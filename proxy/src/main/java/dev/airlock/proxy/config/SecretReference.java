package dev.airlock.proxy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret lives: an environment variable or a file. The configuration holds only the
 * reference; {@link #resolve} reads the secret at start-up. {@link #toString} never shows the value.
 */
public record SecretReference(Source source, String location) {

    public enum Source { ENV, FILE }

    public static SecretReference parse(String text) {
        if (text.startsWith("env:") && text.length() > 4) {
            return new SecretReference(Source.ENV, text.substring(4));
        }
        if (text.startsWith("file:") && text.length() > 5) {
            return new SecretReference(Source.FILE, text.substring(5));
        }
        throw new IllegalArgumentException(
                "secrets are referenced as env:VARIABLE or file:/path, never written into the configuration");
    }

    /** Reads the secret; a trailing newline of a file is dropped. */
    public String resolve(Map<String, String> environment) {
        String value;
        if (source == Source.ENV) {
            value = environment.get(location);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + location + " is not set");
            }
        } else {
            try {
                value = Files.readString(Path.of(location), StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret file " + location + ": " + e.getMessage());
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("secret file " + location + " is empty");
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return source.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
    }
}
