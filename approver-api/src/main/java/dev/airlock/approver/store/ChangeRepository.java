package dev.airlock.approver.store;

import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ApprovalNeed;
import dev.airlock.approver.change.ChangeNotFoundException;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.change.ConcurrentChangeException;
import dev.airlock.approver.change.IllegalTransitionException;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.approver.change.Transition;
import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import dev.airlock.sandbox.lint.RiskLevel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Change requests, their statements, approvals, history and production results, on H2 or
 * PostgreSQL with the same SQL.
 *
 * <p>Every move is one transaction: read the row's state and version, refuse an illegal move
 * ({@link IllegalTransitionException}) or a stale version ({@link ConcurrentChangeException}),
 * then {@code UPDATE ... WHERE id = ? AND row_version = ?} (zero rows: someone else won) and
 * append the transition to the history. On PostgreSQL a {@code pg_notify} in the same
 * transaction tells other instances, delivered only if it commits; this instance's subscribers
 * are told after the commit.
 */
public final class ChangeRepository {
    private static final String COLUMNS = "id, agent, task_id, session_id, statements_sha256, base_fingerprint,"
            + " effect_json, effect_sha256, risk, state, reason, row_version, created_at, updated_at, expires_at,"
            + " verification, verification_matched, required_approvals, approver_group, approval_rule, held_by, task_intent";

    private final DataSource pool;
    private final ChangeEvents events;
    private final boolean notify;
    private final Clock clock;
    private final List<ChangeHistoryListener> historyListeners = new CopyOnWriteArrayList<>();

    ChangeRepository(DataSource pool, ChangeEvents events, boolean notify, Clock clock) {
        this.pool = pool;
        this.events = events;
        this.notify = notify;
        this.clock = clock;
    }

    /** {@code listener} hears of every history entry committed from now on (this instance's only). */
    public void addHistoryListener(ChangeHistoryListener listener) {
        historyListeners.add(listener);
    }

    /** Stores a new PENDING change request (version 0) with its statements and the first history entry. */
    public ChangeRequest insert(ChangeRequest change, String actor, String reason) {
        if (change.state() != ChangeState.PENDING || change.version() != 0) {
            throw new IllegalArgumentException("a new change request is PENDING at version 0, not " + change.state()
                    + " at " + change.version());
        }
        Transition filed = Jdbc.inTransaction(pool, "file change " + change.id(), connection -> {
            try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO change_request (" + COLUMNS + ")"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    change.id(), change.agent(), change.taskId(), change.sessionId(), change.statementsSha256(),
                    change.baseFingerprint(), change.effectJson(), change.effectSha256(), change.risk(), change.state(),
                    change.reason(), change.version(), change.createdAt(), change.updatedAt(), change.expiresAt(),
                    change.verification(), change.verificationMatched(), change.approvalNeed().approvers(),
                    change.approvalNeed().group(), change.approvalNeed().rule(), String.join("\n", change.heldBy()),
                    change.intent())) {
                insert.executeUpdate();
            }
            insertStatements(connection, change.id(), change.changeSet());
            Transition first = new Transition(change.id(), null, ChangeState.PENDING, actor, reason, change.createdAt());
            recordTransition(connection, first);
            notifyOthers(connection, change.id());
            return first;
        });
        tellMoved(filed, StateChange.to(ChangeState.PENDING, actor, reason));
        events.publish(change.id());
        return change;
    }

    public Optional<ChangeRequest> find(UUID id) {
        return Jdbc.inTransaction(pool, "read change " + id, connection -> find(connection, id));
    }

    public ChangeRequest get(UUID id) {
        return find(id).orElseThrow(() -> new ChangeNotFoundException(id));
    }

    public List<ChangeRequest> list(ChangeFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM change_request WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            values.add(filter.state());
        }
        if (filter.agent() != null) {
            sql.append(" AND agent = ?");
            values.add(filter.agent());
        }
        if (filter.taskId() != null) {
            sql.append(" AND task_id = ?");
            values.add(filter.taskId());
        }
        if (filter.risk() != null) {
            sql.append(" AND risk = ?");
            values.add(filter.risk());
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT ").append(filter.limit());
        return Jdbc.inTransaction(pool, "list changes",
                connection -> Jdbc.list(connection, sql.toString(), rows -> row(connection, rows), values.toArray()));
    }

    /** Ids of the change requests in {@code state}, oldest first. */
    public List<UUID> idsInState(ChangeState state) {
        return ids("SELECT id FROM change_request WHERE state = ? ORDER BY created_at", state);
    }

    /** Ids of PENDING and NEEDS_REAPPROVAL change requests whose expiry is before {@code now}. */
    public List<UUID> expiredBefore(Instant now) {
        return ids("SELECT id FROM change_request WHERE state IN ('PENDING', 'NEEDS_REAPPROVAL') AND expires_at < ?"
                + " ORDER BY expires_at", now);
    }

    /** Ids of the task's change requests in any of the non-final states. */
    public List<UUID> openIdsOfTask(String taskId) {
        return ids("SELECT id FROM change_request WHERE task_id = ? AND state IN ('PENDING', 'APPROVED',"
                + " 'NEEDS_REAPPROVAL', 'EXECUTING') ORDER BY created_at", taskId);
    }

    /** How many change requests are in each state (states with none are absent). */
    public Map<ChangeState, Long> countByState() {
        Map<ChangeState, Long> counts = new EnumMap<>(ChangeState.class);
        Jdbc.inTransaction(pool, "count change requests", connection -> Jdbc.list(connection,
                "SELECT state, count(*) FROM change_request GROUP BY state",
                rows -> counts.put(ChangeState.valueOf(rows.getString(1)), rows.getLong(2))));
        return counts;
    }

    private List<UUID> ids(String sql, Object... values) {
        return Jdbc.inTransaction(pool, "find change ids",
                connection -> Jdbc.list(connection, sql, rows -> rows.getObject(1, UUID.class), values));
    }

    public List<Transition> history(UUID id) {
        return Jdbc.inTransaction(pool, "read the history of change " + id, connection -> Jdbc.list(connection,
                "SELECT from_state, to_state, actor, reason, moved_at FROM change_transition WHERE change_id = ? ORDER BY id",
                rows -> {
                    String from = rows.getString(1);
                    return new Transition(id, from == null ? null : ChangeState.valueOf(from),
                            ChangeState.valueOf(rows.getString(2)), rows.getString(3), rows.getString(4), Jdbc.instant(rows, 5));
                }, id));
    }

    public List<Approval> approvals(UUID id) {
        return Jdbc.inTransaction(pool, "read the approvals of change " + id, connection -> Jdbc.list(connection,
                "SELECT approver, decision, comment_text, effect_sha256, decided_at FROM change_approval"
                        + " WHERE change_id = ? ORDER BY decided_at, approver",
                rows -> new Approval(id, rows.getString(1), Approval.Decision.valueOf(rows.getString(2)),
                        rows.getString(3), rows.getString(4), Jdbc.instant(rows, 5)), id));
    }

    public List<ProductionResult> results(UUID id) {
        return Jdbc.inTransaction(pool, "read the production results of change " + id, connection -> Jdbc.list(connection,
                "SELECT ordinal, command_tag, row_count, sql_state, message FROM change_execution"
                        + " WHERE change_id = ? ORDER BY ordinal",
                rows -> {
                    long count = rows.getLong(3);
                    Long rowCount = rows.wasNull() ? null : count;
                    return new ProductionResult(rows.getInt(1), rows.getString(2), rowCount, rows.getString(4),
                            rows.getString(5));
                }, id));
    }

    /** Moves a change request that is still at {@code expectedVersion}; returns it as it is now. */
    public ChangeRequest move(UUID id, long expectedVersion, StateChange change) {
        List<Transition> made = new ArrayList<>(1);
        ChangeRequest moved = Jdbc.inTransaction(pool, "move change " + id + " to " + change.to(), connection -> {
            made.clear();
            ChangeRequest current = lockedCurrent(connection, id, expectedVersion);
            made.add(apply(connection, current, change));
            return find(connection, id).orElseThrow();
        });
        made.forEach(transition -> tellMoved(transition, change));
        events.publish(id);
        return moved;
    }

    /**
     * Records a reviewer's decision on a change request still at {@code expectedVersion}, and with
     * it the move the decision causes ({@code move} null: none yet, the quorum is not reached). The
     * version moves either way, so two reviewers deciding at once cannot both count.
     */
    public ChangeRequest decide(UUID id, long expectedVersion, Approval approval, StateChange move) {
        List<Transition> made = new ArrayList<>(1);
        ChangeRequest decided = Jdbc.inTransaction(pool, "record a decision on change " + id, connection -> {
            made.clear();
            ChangeRequest current = lockedCurrent(connection, id, expectedVersion);
            if (move != null) {
                made.add(apply(connection, current, move));
            } else {
                bumpVersion(connection, current);
            }
            try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO change_approval (change_id, approver,"
                            + " decision, comment_text, effect_sha256, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                    id, approval.approver(), approval.decision(), approval.comment(), approval.effectSha256(),
                    approval.at())) {
                insert.executeUpdate();
            }
            return find(connection, id).orElseThrow();
        });
        for (ChangeHistoryListener listener : historyListeners) {
            listener.decided(approval);
        }
        made.forEach(transition -> tellMoved(transition, move));
        events.publish(id);
        return decided;
    }

    private ChangeRequest lockedCurrent(Connection connection, UUID id, long expectedVersion) throws SQLException {
        ChangeRequest current = find(connection, id).orElseThrow(() -> new ChangeNotFoundException(id));
        if (current.version() != expectedVersion) {
            throw new ConcurrentChangeException(id, expectedVersion);
        }
        return current;
    }

    private void tellMoved(Transition transition, StateChange change) {
        for (ChangeHistoryListener listener : historyListeners) {
            listener.moved(transition, change);
        }
    }

    private Transition apply(Connection connection, ChangeRequest current, StateChange change) throws SQLException {
        if (!current.state().canMoveTo(change.to())) {
            throw new IllegalTransitionException(current.id(), current.state(), change.to());
        }
        Instant now = clock.instant();
        StateChange.Revision revision = change.revision();
        String sql = "UPDATE change_request SET state = ?, reason = ?, row_version = row_version + 1, updated_at = ?"
                + (revision == null ? "" : ", base_fingerprint = ?, effect_json = ?, effect_sha256 = ?, risk = ?")
                + (change.verification() == null ? "" : ", verification = ?, verification_matched = ?")
                + (change.expiresAt() == null ? "" : ", expires_at = ?")
                + " WHERE id = ? AND row_version = ?";
        List<Object> values = new ArrayList<>(List.of(change.to(), reasonOrEmpty(change.reason()), now));
        if (revision != null) {
            values.addAll(List.of(revision.baseFingerprint(), revision.effectJson(), revision.effectSha256(),
                    revision.risk()));
        }
        if (change.verification() != null) {
            values.add(change.verification());
            values.add(Boolean.TRUE.equals(change.verificationMatched()));
        }
        if (change.expiresAt() != null) {
            values.add(change.expiresAt());
        }
        values.add(current.id());
        values.add(current.version());
        try (PreparedStatement update = Jdbc.prepare(connection, sql, values.toArray())) {
            if (update.executeUpdate() != 1) {
                throw new ConcurrentChangeException(current.id(), current.version());
            }
        }
        if (change.results() != null) {
            insertResults(connection, current.id(), change.results());
        }
        Transition transition = new Transition(current.id(), current.state(), change.to(), change.actor(),
                change.reason(), now);
        recordTransition(connection, transition);
        notifyOthers(connection, current.id());
        return transition;
    }

    private static String reasonOrEmpty(String reason) {
        return reason == null ? "" : reason;
    }

    private void bumpVersion(Connection connection, ChangeRequest current) throws SQLException {
        try (PreparedStatement update = Jdbc.prepare(connection, "UPDATE change_request SET row_version = row_version + 1,"
                + " updated_at = ? WHERE id = ? AND row_version = ?", clock.instant(), current.id(), current.version())) {
            if (update.executeUpdate() != 1) {
                throw new ConcurrentChangeException(current.id(), current.version());
            }
        }
        notifyOthers(connection, current.id());
    }

    private void notifyOthers(Connection connection, UUID id) throws SQLException {
        if (notify) {
            try (PreparedStatement statement = Jdbc.prepare(connection, "SELECT pg_notify(?, ?)", Store.CHANNEL,
                    id.toString()); ResultSet ignored = statement.executeQuery()) {
                // delivered to listeners when this transaction commits, and only then
            }
        }
    }

    private static void recordTransition(Connection connection, Transition transition) throws SQLException {
        try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO change_transition (change_id, from_state,"
                        + " to_state, actor, reason, moved_at) VALUES (?, ?, ?, ?, ?, ?)", transition.changeId(),
                transition.from() == null ? null : transition.from().name(), transition.to(), transition.actor(),
                transition.reason(), transition.at())) {
            insert.executeUpdate();
        }
    }

    private static void insertStatements(Connection connection, UUID id, ChangeSet changeSet) throws SQLException {
        try (PreparedStatement statements = connection.prepareStatement(
                "INSERT INTO change_statement (change_id, ordinal, sql_text) VALUES (?, ?, ?)");
             PreparedStatement parameters = connection.prepareStatement("INSERT INTO change_parameter (change_id,"
                     + " statement_ordinal, ordinal, type_oid, format_code, value_bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int s = 0; s < changeSet.statements().size(); s++) {
                ChangeStatement statement = changeSet.statements().get(s);
                statements.setObject(1, id);
                statements.setInt(2, s + 1);
                statements.setString(3, statement.sql());
                statements.executeUpdate();
                for (int p = 0; p < statement.parameters().size(); p++) {
                    BindParameter parameter = statement.parameters().get(p);
                    parameters.setObject(1, id);
                    parameters.setInt(2, s + 1);
                    parameters.setInt(3, p + 1);
                    parameters.setLong(4, Integer.toUnsignedLong(parameter.typeOid()));
                    parameters.setShort(5, (short) parameter.formatCode());
                    parameters.setBytes(6, parameter.value());
                    parameters.executeUpdate();
                }
            }
        }
    }

    private static void insertResults(Connection connection, UUID id, List<ProductionResult> results) throws SQLException {
        try (PreparedStatement delete = Jdbc.prepare(connection, "DELETE FROM change_execution WHERE change_id = ?", id)) {
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO change_execution (change_id, ordinal,"
                + " command_tag, row_count, sql_state, message) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ProductionResult result : results) {
                insert.setObject(1, id);
                insert.setInt(2, result.index());
                insert.setString(3, result.commandTag());
                insert.setObject(4, result.rowCount());
                insert.setString(5, result.sqlState());
                insert.setString(6, result.message());
                insert.executeUpdate();
            }
        }
    }

    private static Optional<ChangeRequest> find(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = Jdbc.prepare(connection, "SELECT " + COLUMNS + " FROM change_request WHERE id = ?",
                id); ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(row(connection, rows)) : Optional.empty();
        }
    }

    private static ChangeRequest row(Connection connection, ResultSet rows) throws SQLException {
        UUID id = rows.getObject(1, UUID.class);
        boolean matched = rows.getBoolean(17);
        Boolean verificationMatched = rows.wasNull() ? null : matched;
        return new ChangeRequest(id, rows.getString(2), rows.getString(3), rows.getString(4),
                changeSet(connection, id), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                RiskLevel.valueOf(rows.getString(9)), new ApprovalNeed(rows.getInt(18), rows.getString(19),
                        rows.getString(20)), heldBy(rows.getString(21)), rows.getString(22),
                ChangeState.valueOf(rows.getString(10)), rows.getString(11),
                rows.getLong(12), Jdbc.instant(rows, 13), Jdbc.instant(rows, 14), Jdbc.instant(rows, 15), rows.getString(16),
                verificationMatched);
    }

    private static List<String> heldBy(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n", -1));
    }

    private static ChangeSet changeSet(Connection connection, UUID id) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (PreparedStatement select = Jdbc.prepare(connection, "SELECT sql_text FROM change_statement WHERE change_id = ?"
                + " ORDER BY ordinal", id); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        List<List<BindParameter>> parameters = new ArrayList<>();
        texts.forEach(text -> parameters.add(new ArrayList<>()));
        try (PreparedStatement select = Jdbc.prepare(connection, "SELECT statement_ordinal, type_oid, format_code,"
                + " value_bytes FROM change_parameter WHERE change_id = ? ORDER BY statement_ordinal, ordinal", id);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                parameters.get(rows.getInt(1) - 1).add(new BindParameter((int) rows.getLong(2), rows.getShort(3),
                        rows.getBytes(4)));
            }
        }
        List<ChangeStatement> statements = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            statements.add(new ChangeStatement(texts.get(i), parameters.get(i)));
        }
        return new ChangeSet(statements);
    }
}
