package dev.airlock.sandbox.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Loads a plain-format pg_dump file (schema, data or both) through JDBC: SQL between COPY blocks
 * is run as a script, each {@code COPY ... FROM stdin;} block is streamed with the COPY protocol.
 */
public final class PgDumpLoader {
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^COPY .* FROM stdin;$");
    private static final String END_OF_COPY = "\\.";

    private PgDumpLoader() {
    }

    public static void load(Connection connection, Reader dump) throws IOException, SQLException {
        BufferedReader lines = new BufferedReader(dump);
        StringBuilder script = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (COPY_FROM_STDIN.matcher(line).matches()) {
                runScript(connection, script);
                copyIn(connection, line, lines);
            } else {
                script.append(line).append('\n');
            }
        }
        runScript(connection, script);
    }

    private static void runScript(Connection connection, StringBuilder script) throws SQLException {
        if (script.toString().isBlank()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(script.toString());
        }
        script.setLength(0);
    }

    private static void copyIn(Connection connection, String copyStatement, BufferedReader lines)
            throws IOException, SQLException {
        StringBuilder rows = new StringBuilder();
        for (String line = lines.readLine(); line != null && !line.equals(END_OF_COPY); line = lines.readLine()) {
            rows.append(line).append('\n');
        }
        String sql = copyStatement.substring(0, copyStatement.length() - 1);
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows.toString()));
    }
}
