package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.ddl.DdlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a DDL script fast and completely. Statements go in batches of {@value #BATCH}, each one
 * simple-query message and so one implicit transaction; a batch that fails is run again one
 * statement at a time. Statements that failed are retried after the rest of the script, pass after
 * pass while some succeed (a view on a later view, a function returning a table's row type);
 * what still fails is returned with PostgreSQL's message.
 */
final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    private static final int BATCH = 200;

    private ScriptRunner() {
    }

    static List<MirrorGap> run(Connection connection, List<DdlStatement> script) throws SQLException {
        List<DdlStatement> pending = script;
        Map<DdlStatement, String> failures = new LinkedHashMap<>();
        for (int pass = 1; !pending.isEmpty(); pass++) {
            failures = runOnce(connection, pending);
            if (failures.isEmpty() || failures.size() == pending.size()) {
                break;
            }
            LOG.debug("mirror pass {}: {} statements failed, retrying them", pass, failures.size());
            pending = new ArrayList<>(failures.keySet());
        }
        List<MirrorGap> gaps = new ArrayList<>();
        failures.forEach((statement, error) -> gaps.add(new MirrorGap(statement.object(), error + " (in: "
                + firstLine(statement.sql()) + ")")));
        return gaps;
    }

    private static Map<DdlStatement, String> runOnce(Connection connection, List<DdlStatement> statements)
            throws SQLException {
        Map<DdlStatement, String> failures = new LinkedHashMap<>();
        for (int from = 0; from < statements.size(); from += BATCH) {
            List<DdlStatement> batch = statements.subList(from, Math.min(statements.size(), from + BATCH));
            StringBuilder sql = new StringBuilder();
            batch.forEach(s -> sql.append(s.sql()).append(";\n"));
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql.toString());
            } catch (SQLException batchFailed) {
                runOneByOne(connection, batch, failures);
            }
        }
        return failures;
    }

    private static void runOneByOne(Connection connection, List<DdlStatement> batch, Map<DdlStatement, String> failures)
            throws SQLException {
        for (DdlStatement ddl : batch) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl.sql());
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                    throw e;
                }
                failures.put(ddl, e.getMessage());
            }
        }
    }

    private static String firstLine(String sql) {
        int newline = sql.indexOf('\n');
        String line = newline < 0 ? sql : sql.substring(0, newline) + " ...";
        return line.length() > 200 ? line.substring(0, 200) + " ..." : line;
    }
}
