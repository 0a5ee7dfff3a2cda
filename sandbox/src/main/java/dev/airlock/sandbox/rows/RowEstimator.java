package dev.airlock.sandbox.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.sql.ExactStatementRunner;
import dev.airlock.sandbox.sql.SqlTokens;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Affected production rows of each write. INSERT ... VALUES counts itself (the sandbox ran it). For
 * UPDATE and DELETE the derived count read ({@link DerivedRead}) and its EXPLAIN run on production
 * only if the {@link ProductionReadGuard} proves each read-only, in a READ ONLY transaction under
 * the statement timeout; otherwise the estimate is the written tables' size from statistics. No
 * agent text reaches production any other way.
 */
public final class RowEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(RowEstimator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProductionContext production;
    private final ProductionStatistics statistics;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;

    public RowEstimator(ProductionContext production, ProductionStatistics statistics, Duration timeout,
                        ScheduledExecutorService watchdog) {
        this.production = production;
        this.statistics = statistics;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    /** Empty when the statement is not a write (its command tag says so). */
    public Optional<AffectedRows> estimate(int index, ChangeStatement statement, String commandTag, long sandboxRows,
                                           List<String> writtenTables) {
        String command = commandTag == null ? "" : commandTag.split(" ")[0].toUpperCase(Locale.ROOT);
        switch (command) {
            case "INSERT":
                return Optional.of(insert(index, statement, sandboxRows, writtenTables));
            case "UPDATE", "DELETE":
                return Optional.of(updateOrDelete(index, command, statement, writtenTables));
            case "MERGE":
                return Optional.of(new AffectedRows(index, command, writtenTables, tableSize(writtenTables),
                        AffectedRows.TABLE_SIZE, null, null, false));
            default:
                return Optional.empty();
        }
    }

    private AffectedRows insert(int index, ChangeStatement statement, long sandboxRows, List<String> tables) {
        List<SqlTokens.Token> tokens = SqlTokens.of(statement.sql());
        boolean valuesOnly = "INSERT".equals(SqlTokens.leadingWords(tokens, 1).stream().findFirst().orElse(""))
                && SqlTokens.contains(tokens, "VALUES") && !SqlTokens.contains(tokens, "SELECT")
                && !SqlTokens.contains(tokens, "CONFLICT");
        return valuesOnly
                ? new AffectedRows(index, "INSERT", tables, sandboxRows, AffectedRows.VALUES, sandboxRows, null, false)
                : new AffectedRows(index, "INSERT", tables, null, null, null, null, false);
    }

    private AffectedRows updateOrDelete(int index, String command, ChangeStatement statement, List<String> tables) {
        Optional<DerivedRead> derived = DerivedRead.of(statement.sql());
        boolean wholeTable = derived.isPresent() && !derived.get().hasCondition();
        Long size = tableSize(tables);
        if (derived.isEmpty() || production == null || production.guard() == null) {
            return new AffectedRows(index, command, tables, size, AffectedRows.TABLE_SIZE, null,
                    derived.map(DerivedRead::countQuery).orElse(null), wholeTable);
        }
        String count = derived.get().countQuery();
        String explain = "EXPLAIN (FORMAT JSON) " + count;
        ProductionReadGuard guard = production.guard();
        if (!guard.isProvablyReadOnly(count, statement.parameters())
                || !guard.isProvablyReadOnly(explain, statement.parameters())) {
            return new AffectedRows(index, command, tables, size, AffectedRows.TABLE_SIZE, null, count, wholeTable);
        }
        try (Connection connection = production.connections().open()) {
            Long estimate = planRows(run(connection, new ChangeStatement(explain, statement.parameters())));
            Long exact = Long.valueOf(run(connection, new ChangeStatement(count, statement.parameters())));
            return new AffectedRows(index, command, tables, estimate, AffectedRows.PLANNER, exact, count, wholeTable);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("derived read on production failed, falling back to statistics: {}", e.getMessage());
            return new AffectedRows(index, command, tables, size, AffectedRows.TABLE_SIZE, null, count, wholeTable);
        }
    }

    /** Runs a read in a READ ONLY transaction, with the statement's own bind parameters, and returns its value. */
    private String run(Connection connection, ChangeStatement read) throws SQLException {
        try (Statement control = connection.createStatement()) {
            control.execute("BEGIN READ ONLY");
            control.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
            control.execute("SET LOCAL lock_timeout = " + timeout.toMillis());
            ExactStatementRunner.Result result = ExactStatementRunner.run(connection, read, timeout, watchdog);
            if (result.failed()) {
                throw new SQLException(result.error().message(), result.error().sqlState());
            }
            return result.firstValue();
        } finally {
            try (Statement control = connection.createStatement()) {
                control.execute("ROLLBACK");
            }
        }
    }

    private static Long planRows(String explainJson) {
        try {
            JsonNode plan = JSON.readTree(explainJson).get(0).get("Plan");
            JsonNode child = plan.path("Plans").path(0);
            return (child.isMissingNode() ? plan : child).get("Plan Rows").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("unexpected EXPLAIN output from production", e);
        }
    }

    private Long tableSize(List<String> tables) {
        long total = 0;
        boolean known = false;
        for (String table : tables) {
            OptionalLong rows = statistics.rows(table);
            if (rows.isPresent()) {
                total += rows.getAsLong();
                known = true;
            }
        }
        return known ? total : null;
    }
}
