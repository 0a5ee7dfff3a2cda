package dev.airlock.sandbox.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The Pagila sample database (a PostgreSQL port of Sakila, see pagila-LICENSE.txt beside the
 * files), shipped inside the jar for {@code airlock demo} and for tests.
 */
public final class SampleDatabases {
    private SampleDatabases() {
    }

    public static void loadPagilaSchema(Connection connection) throws SQLException {
        load(connection, "pagila-schema.sql");
    }

    public static void loadPagilaData(Connection connection) throws SQLException {
        load(connection, "pagila-data.sql");
    }

    private static void load(Connection connection, String resource) throws SQLException {
        try (InputStream in = SampleDatabases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample " + resource + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                PgDumpLoader.load(connection, reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + resource, e);
        }
    }
}
