package dev.airlock.sandbox.sql;

import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeStatement;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Field;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.ParameterList;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.SqlCommand;
import org.postgresql.core.Tuple;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;

/**
 * Runs one statement exactly as the client sent it. JDBC would rewrite the text ({@code ?}
 * placeholders, escapes, statement splitting), so this goes one level down, to pgjdbc's query
 * executor: the text is sent unchanged in a Parse message as the unnamed statement, the bind
 * parameters with their own type OIDs, format codes and bytes. A watchdog cancels the statement
 * when the time limit passes, whatever the statement did to its own statement_timeout.
 */
public final class ExactStatementRunner {
    /**
     * What the server answered: command tag and row count, or the error; notices either way; the
     * first column of the first row, as text, when the statement returned rows.
     */
    public record Result(String commandTag, long rowCount, List<SandboxMessage> notices, SandboxMessage error,
                         String firstValue) {
        public boolean failed() {
            return error != null;
        }
    }

    private ExactStatementRunner() {
    }

    public static Result run(Connection connection, ChangeStatement statement, Duration limit,
                             ScheduledExecutorService watchdog) throws SQLException {
        return run(connection, statement, limit, watchdog, false);
    }

    /**
     * Runs a statement that runs another through EXECUTE: error positions are taken from the
     * inner statement (PostgreSQL's internal position), which is the one the client wrote.
     */
    public static Result runWrapped(Connection connection, ChangeStatement statement, Duration limit,
                                    ScheduledExecutorService watchdog) throws SQLException {
        return run(connection, statement, limit, watchdog, true);
    }

    private static Result run(Connection connection, ChangeStatement statement, Duration limit,
                              ScheduledExecutorService watchdog, boolean wrapped) throws SQLException {
        BaseConnection base = connection.unwrap(BaseConnection.class);
        QueryExecutor executor = base.getQueryExecutor();
        List<BindParameter> bind = statement.parameters();
        Query query = executor.wrap(List.of(new NativeQuery(statement.sql(), new int[bind.size()], false, SqlCommand.BLANK)));
        ParameterList parameters = query.createParameterList();
        for (int i = 0; i < bind.size(); i++) {
            BindParameter parameter = bind.get(i);
            byte[] value = parameter.value();
            if (value == null) {
                parameters.setNull(i + 1, parameter.typeOid());
            } else if (parameter.formatCode() == 1) {
                parameters.setBinaryParameter(i + 1, value, parameter.typeOid());
            } else {
                parameters.setStringParameter(i + 1, new String(value, StandardCharsets.UTF_8), parameter.typeOid());
            }
        }
        Handler handler = new Handler(wrapped);
        int flags = QueryExecutor.QUERY_ONESHOT | QueryExecutor.QUERY_NO_BINARY_TRANSFER
                | (connection.getAutoCommit() ? QueryExecutor.QUERY_SUPPRESS_BEGIN : 0);
        ScheduledFuture<?> cancel = watchdog.schedule(() -> cancel(base), limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            executor.execute(query, parameters, handler, 0, 0, flags);
        } finally {
            cancel.cancel(false);
        }
        return new Result(handler.tag, handler.rows, handler.notices, handler.error, handler.firstValue);
    }

    private static void cancel(BaseConnection connection) {
        try {
            connection.cancelQuery();
        } catch (SQLException e) {
            // the statement ended or the server went away; the caller sees either
        }
    }

    /** Collects the server's answer to one statement. */
    private static final class Handler extends ResultHandlerBase {
        private final boolean wrapped;
        String tag;
        long rows;
        SandboxMessage error;
        String firstValue;
        final List<SandboxMessage> notices = new ArrayList<>();

        Handler(boolean wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        public void handleResultRows(Query fromQuery, Field[] fields, List<Tuple> tuples, ResultCursor cursor) {
            if (firstValue == null && !tuples.isEmpty() && fields.length > 0 && tuples.get(0).get(0) != null) {
                firstValue = new String(tuples.get(0).get(0), StandardCharsets.UTF_8);
            }
            rows += tuples.size();
        }

        @Override
        public void handleCommandStatus(String status, long updateCount, long insertOid) {
            tag = status;
            if (updateCount > 0) {
                rows = updateCount;
            }
        }

        @Override
        public void handleWarning(SQLWarning warning) {
            if (warning instanceof PSQLWarning notice && notice.getServerErrorMessage() != null) {
                notices.add(SandboxMessage.of(notice.getServerErrorMessage()));
            }
        }

        @Override
        public void handleError(SQLException failure) {
            if (error == null && failure instanceof PSQLException server && server.getServerErrorMessage() != null) {
                error = wrapped ? SandboxMessage.ofInner(server.getServerErrorMessage())
                        : SandboxMessage.of(server.getServerErrorMessage());
            } else if (error == null) {
                super.handleError(failure);
            }
        }
    }
}
