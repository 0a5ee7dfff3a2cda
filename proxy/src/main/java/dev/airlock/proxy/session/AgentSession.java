package dev.airlock.proxy.session;

import dev.airlock.approver.ChangeOutcome;
import dev.airlock.approver.ChangeSubmission;
import dev.airlock.approver.FiledChange;
import dev.airlock.approver.change.ChangeState;
import dev.airlock.approver.policy.StatementFacts;
import dev.airlock.proxy.agent.ChangeFiling;
import dev.airlock.proxy.agent.ChangeReplies;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.agent.HoldModeSetting;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.StatementDecision;
import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.Severity;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.BackendMessage;
import dev.airlock.proxy.protocol.backend.CommandComplete;
import dev.airlock.proxy.protocol.backend.EmptyBodyMessage;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.NoticeResponse;
import dev.airlock.proxy.protocol.backend.ParameterDescription;
import dev.airlock.proxy.protocol.backend.ReadyForQuery;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import dev.airlock.proxy.protocol.frontend.Describe;
import dev.airlock.proxy.protocol.frontend.DescribeTarget;
import dev.airlock.proxy.protocol.frontend.Parse;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.change.ChangeStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of a session: what Airlock answers itself instead of relaying. Changes are
 * filed with the control plane (a statement, a Query's statements, or an explicit transaction's at
 * COMMIT) and answered per hold mode; statements parsed and bound for a change are held here, not
 * sent to production; {@code airlock.hold_mode} is answered here. The session it serves
 * ({@link AgentHost}) keeps message order, refusals and the production connection.
 */
final class AgentSession {
    /** What an agent session needs of the session that carries it. */
    interface AgentHost {
        /** Answers in order with what production owes for earlier messages. */
        void emitLocal(List<BackendMessage> messages);

        /** Refuses the current message, as the session refuses anything. */
        void refuse(ErrorResponse refusal, boolean extended);

        TransactionStatus transactionStatus();

        /** Ends production's open transaction block, if a production connection is in use. */
        void endProductionTransaction(boolean commit);

        /** Forgets a prepared statement the gate had recorded under this name. */
        void deallocate(String statementName);

        /** Stops reading client messages until {@link #resumeAfterChange} runs. */
        void pauseForChange();

        /** Runs {@code work} on the session's loop, unless the session closed meanwhile, then carries on reading. */
        void resumeAfterChange(Runnable work);
    }

    /** Statements whose facts a session keeps: a change set of more is filed under the strictest approval rule. */
    private static final int FACTS_KEPT = 1024;

    private final Identity identity;
    private final int processId;
    private final Optional<ChangeFiling> changes;
    private final AgentHost host;
    private final AgentState state;
    private CompletableFuture<ChangeOutcome> awaitedOutcome;

    /** A statement as the gate and the policy described it: its facts and the rule that held it. */
    private record Described(StatementFacts facts, String heldBy) {
    }

    /**
     * The gate's facts about recent statements and the rule that held each, by text, for the
     * policy's approval rules and the reviewers when they are filed.
     */
    private final Map<String, Described> facts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Described> eldest) {
            return size() > FACTS_KEPT;
        }
    };

    AgentSession(Identity identity, int processId, Optional<ChangeFiling> changes, AgentHost host) {
        this.identity = identity;
        this.processId = processId;
        this.changes = changes;
        this.host = host;
        this.state = new AgentState(identity);
    }

    AgentState state() {
        return state;
    }

    /** Stops a {@code wait}-mode statement's wait (the change stays held); false when nothing waits. */
    boolean cancelWait() {
        if (awaitedOutcome == null) {
            return false;
        }
        awaitedOutcome.completeExceptionally(new CancellationException("cancelled by the client"));
        return true;
    }

    /** Keeps the facts of a message that will be filed; reads and settings are never part of a change set. */
    private void rememberFacts(String sql, QueryDecision decision) {
        if (!decision.isChangeForAgent()) {
            return;
        }
        List<String> rules = decision.rules();
        for (int i = 0; i < decision.statements().size(); i++) {
            Described described = new Described(StatementPolicy.facts(decision.statements().get(i), true),
                    i < rules.size() ? rules.get(i) : "");
            facts.put(decision.statements().get(i).statement().text(), described);
            if (decision.statements().size() == 1) {
                facts.put(sql, described);
            }
        }
    }

    /** How every statement of a change set was described, or nothing when any is not known (the strictest rule then applies). */
    private List<Described> described(List<ChangeStatement> statements) {
        List<Described> known = new ArrayList<>(statements.size());
        for (ChangeStatement statement : statements) {
            Described described = facts.get(statement.sql());
            if (described == null) {
                return List.of();
            }
            known.add(described);
        }
        return known;
    }

    private void refuse(PgException refusal, boolean extended) {
        host.refuse(refusal.toErrorResponse(), extended);
    }

    private void refuse(ErrorResponse refusal, boolean extended) {
        host.refuse(refusal, extended);
    }

    /**
     * An agent's Query that Airlock answers itself: the hold-mode setting, a change (filed, or
     * added to the open transaction's change set), or COMMIT of a transaction with changes.
     * Returns false when the Query takes the ordinary path.
     */
    boolean onQuery(String sql, QueryDecision decision) {
        rememberFacts(sql, decision);
        List<StatementDecision> statements = decision.statements();
        if (statements.size() == 1 && answerHoldModeSetting(statements.get(0), false)) {
            return true;
        }
        if (statements.size() == 1 && state.hasTransactionChanges() && isCommit(statements.get(0))) {
            if (host.transactionStatus() == TransactionStatus.FAILED) {
                state.transactionBlock(false); // COMMIT of a failed transaction rolls back: nothing is filed
                return false;
            }
            fileChange(state.takeTransactionChanges(), List.of(), false, true, false);
            return true;
        }
        if (!decision.isChangeForAgent()) {
            if (statements.stream().anyMatch(statement -> isRollback(statement))) {
                state.transactionBlock(false);
            }
            return false;
        }
        // BEGIN; ...; COMMIT sent as one Query: the change set is what is between them.
        boolean wrapped = statements.size() > 2 && isBegin(statements.get(0)) && isCommit(statements.get(statements.size() - 1))
                && !state.inTransactionBlock();
        if (wrapped) {
            statements = statements.subList(1, statements.size() - 1);
        }
        List<ChangeStatement> changes = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (StatementDecision statement : statements) {
            // One statement: the client's exact text, trailing semicolon and all. Several: each its own slice.
            boolean whole = statements.size() == 1 && !wrapped;
            changes.add(ChangeStatement.of(whole ? sql : statement.statement().text()));
            offsets.add(whole ? 0 : statement.statement().start());
        }
        if (!state.inTransactionBlock()) {
            fileChange(changes, offsets, false, false, wrapped);
            return true;
        }
        if (host.transactionStatus() == TransactionStatus.FAILED) {
            refuse(PgException.error(SqlState.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block"), false);
            return true;
        }
        List<BackendMessage> answer = new ArrayList<>();
        for (ChangeStatement change : changes) {
            holdInTransaction(change, answer);
        }
        answer.add(new ReadyForQuery(TransactionStatus.IN_TRANSACTION));
        host.emitLocal(answer);
        return true;
    }

    /** An agent's Parse that Airlock holds instead of sending to production; false for the ordinary path. */
    boolean onParse(Parse parse, QueryDecision decision) {
        rememberFacts(parse.sql(), decision);
        SqlStatement statement = decision.statements().isEmpty() ? null : decision.statements().get(0).statement();
        AgentState.Role role;
        HoldMode mode = null;
        Optional<HoldModeSetting.Change> setting = statement == null ? Optional.empty() : holdModeSetting(statement, true);
        if (setting == null) {
            return true; // refused: a bad value
        } else if (setting.isPresent()) {
            role = AgentState.Role.HOLD_MODE;
            mode = setting.get().mode().orElse(null);
        } else if (state.hasTransactionChanges() && statement != null && isCommit(decision.statements().get(0))) {
            role = AgentState.Role.COMMIT;
        } else if (decision.isChangeForAgent()) {
            role = AgentState.Role.CHANGE;
        } else {
            if (statement != null && isRollback(decision.statements().get(0))) {
                state.transactionBlock(false);
            }
            return false;
        }
        host.deallocate(parse.name());
        state.hold(parse.name(), parse.sql(), parse.parameterTypes(), role, mode);
        host.emitLocal(List.of(EmptyBodyMessage.PARSE_COMPLETE));
        return true;
    }

    void execute(AgentState.HeldPortal held) {
        switch (held.role()) {
            case HOLD_MODE -> {
                state.holdMode(held.holdMode());
                host.emitLocal(List.of(new CommandComplete(held.holdMode() == null ? "RESET" : "SET")));
            }
            case COMMIT -> {
                if (host.transactionStatus() == TransactionStatus.FAILED) {
                    endTransactionOnProduction(false); // as PostgreSQL: COMMIT of a failed transaction rolls back
                    host.emitLocal(List.of(new CommandComplete("ROLLBACK")));
                } else if (state.hasTransactionChanges()) {
                    fileChange(state.takeTransactionChanges(), List.of(), true, true, false);
                } else {
                    endTransactionOnProduction(true);
                    host.emitLocal(List.of(new CommandComplete("COMMIT")));
                }
            }
            case CHANGE -> {
                if (!state.inTransactionBlock()) {
                    fileChange(List.of(held.statement()), List.of(0), true, false, false);
                } else if (host.transactionStatus() == TransactionStatus.FAILED) {
                    refuse(PgException.error(SqlState.IN_FAILED_SQL_TRANSACTION,
                            "current transaction is aborted, commands ignored until end of transaction block"), true);
                } else {
                    List<BackendMessage> answer = new ArrayList<>();
                    holdInTransaction(held.statement(), answer);
                    host.emitLocal(answer);
                }
            }
        }
    }

    /** Describe of a held statement or portal: Airlock answers, as production would for a statement without rows. */
    boolean describe(Describe describe) {
        if (describe.target() == DescribeTarget.STATEMENT) {
            AgentState.HeldStatement held = state.heldStatement(describe.name());
            if (held == null) {
                return false;
            }
            host.emitLocal(List.of(new ParameterDescription(held.parameterTypes()), EmptyBodyMessage.NO_DATA));
            return true;
        }
        if (state.heldPortal(describe.name()) == null) {
            return false;
        }
        host.emitLocal(List.of(EmptyBodyMessage.NO_DATA));
        return true;
    }

    /** Adds a change to the open transaction's change set; its answer is provisional until COMMIT. */
    private void holdInTransaction(ChangeStatement change, List<BackendMessage> answer) {
        if (state.addTransactionChange(change)) {
            answer.add(NoticeResponse.of(Severity.NOTICE,
                    "Airlock holds this transaction's changes; they are run in the sandbox and filed for review at COMMIT",
                    "Row counts reported before COMMIT are provisional. ROLLBACK discards the changes.", null));
        }
        answer.add(new CommandComplete(ChangeReplies.provisionalTag(change.sql())));
    }

    /** SET/RESET airlock.hold_mode sent as a Query: answered here. */
    private boolean answerHoldModeSetting(StatementDecision statement, boolean extended) {
        Optional<HoldModeSetting.Change> setting = holdModeSetting(statement.statement(), extended);
        if (setting == null) {
            return true;
        }
        if (setting.isEmpty()) {
            return false;
        }
        state.holdMode(setting.get().mode().orElse(null));
        host.emitLocal(List.of(new CommandComplete(setting.get().mode().isPresent() ? "SET" : "RESET"),
                new ReadyForQuery(host.transactionStatus())));
        return true;
    }

    /** The hold-mode setting a statement makes, empty if none, or null after refusing a bad value. */
    private Optional<HoldModeSetting.Change> holdModeSetting(SqlStatement statement, boolean extended) {
        try {
            return HoldModeSetting.of(statement);
        } catch (IllegalArgumentException e) {
            refuse(PgException.error(SqlState.INVALID_PARAMETER_VALUE, e.getMessage()), extended);
            return null;
        }
    }

    /** Follows BEGIN and COMMIT/ROLLBACK the agent sends, before production has answered them. */
    void trackTransactionBlock(QueryDecision decision) {
        for (StatementDecision statement : decision.statements()) {
            if (isBegin(statement)) {
                state.transactionBlock(true);
            } else if (isCommit(statement) || isRollback(statement)) {
                state.transactionBlock(false);
            }
        }
    }

    private static boolean isBegin(StatementDecision statement) {
        String first = statement.statement().word(0);
        return "begin".equals(first) || "start".equals(first);
    }

    private static boolean isCommit(StatementDecision statement) {
        String first = statement.statement().word(0);
        return ("commit".equals(first) || "end".equals(first)) && !"prepared".equals(statement.statement().word(1));
    }

    private static boolean isRollback(StatementDecision statement) {
        String first = statement.statement().word(0);
        String second = statement.statement().word(1);
        return ("rollback".equals(first) || "abort".equals(first)) && !"to".equals(second)
                && !"prepared".equals(second) && !(second != null && second.equals("transaction")
                && "to".equals(statement.statement().word(2)));
    }

    /**
     * Files a change set with the control plane (off the event loop) and answers the client per
     * hold mode. {@code commit}: the change set is an explicit transaction's, ending with this COMMIT.
     * {@code wrapped}: the Query was BEGIN; change set; COMMIT, and gets those tags around its own.
     */
    private void fileChange(List<ChangeStatement> statements, List<Integer> offsets, boolean extended, boolean commit,
            boolean wrapped) {
        Optional<ChangeFiling> filing = changes;
        if (filing.isEmpty()) {
            if (commit) {
                endTransactionOnProduction(false);
            }
            refuse(PgException.error(SqlState.CHANGE_NOT_FILED, "this Airlock has no control plane, so it cannot hold changes")
                    .withHint("Configure the sandbox and the store to let agents propose changes."), extended);
            return;
        }
        host.pauseForChange();
        List<Described> described = described(statements);
        ChangeSubmission submission = new ChangeSubmission(identity.name(), identity.task().id(),
                Integer.toString(processId), new ChangeSet(statements), StatementPolicy.identityFacts(identity),
                identity.task(), described.stream().map(Described::facts).toList(),
                described.stream().map(Described::heldBy).toList());
        filing.get().file(submission).whenComplete((filed, failure) -> host.resumeAfterChange(() -> {
            List<String> texts = statements.stream().map(ChangeStatement::sql).toList();
            if (failure != null) {
                LoggerFactory.getLogger(AgentSession.class).warn("could not file a change for {}", identity.name(), failure);
                endTransactionIf(commit, false);
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                refuse(PgException.error(SqlState.CHANGE_NOT_FILED, "Airlock could not file this change: " + cause.getMessage())
                        .withDetail("Nothing was filed and nothing ran on production.").withHint("Try again."), extended);
            } else if (filed instanceof FiledChange.Refused refused) {
                endTransactionIf(commit, false);
                refuse(ChangeReplies.refused(refused, offsets.isEmpty() ? List.of() : offsets), extended);
            } else {
                answerFiled((FiledChange.Filed) filed, texts, extended, commit, wrapped);
            }
        }));
    }

    private void answerFiled(FiledChange.Filed filed, List<String> statements, boolean extended, boolean commit,
            boolean wrapped) {
        switch (state.holdMode()) {
            case NOTICE -> {
                endTransactionIf(commit, true);
                List<BackendMessage> answer = new ArrayList<>();
                answer.add(ChangeReplies.heldNotice(filed));
                answer.addAll(commit ? List.of(new CommandComplete("COMMIT"))
                        : inTransaction(ChangeReplies.sandboxTags(filed, statements), wrapped));
                completeLocally(answer, extended);
            }
            case ERROR -> {
                endTransactionIf(commit, false);
                refuse(ChangeReplies.heldError(filed), extended);
            }
            case WAIT -> {
                host.emitLocal(List.of(ChangeReplies.heldNotice(filed)));
                awaitOutcome(filed, statements, extended, commit, wrapped);
            }
        }
    }

    /** Blocks this session until the change settles (or the client cancels), then answers. */
    private void awaitOutcome(FiledChange.Filed filed, List<String> statements, boolean extended, boolean commit,
            boolean wrapped) {
        host.pauseForChange();
        CompletableFuture<ChangeOutcome> awaited = new CompletableFuture<>();
        awaitedOutcome = awaited;
        changes.orElseThrow().outcome(filed.id()).whenComplete((outcome, failure) -> {
            if (failure != null) {
                awaited.completeExceptionally(failure);
            } else {
                awaited.complete(outcome);
            }
        });
        awaited.whenComplete((outcome, failure) -> host.resumeAfterChange(() -> {
            awaitedOutcome = null;
            if (failure instanceof CancellationException) {
                endTransactionIf(commit, false);
                refuse(PgException.error(SqlState.QUERY_CANCELED, "canceling statement due to user request")
                        .withDetail("Change " + filed.id() + " stays held for review; only the wait was cancelled."), extended);
            } else if (failure != null) {
                endTransactionIf(commit, false);
                refuse(PgException.error(SqlState.CHANGE_NOT_FILED, "Airlock lost track of change " + filed.id()
                        + ": " + failure.getMessage()).withHint("Look it up in the review queue."), extended);
            } else if (outcome.state() == ChangeState.APPLIED) {
                endTransactionIf(commit, true);
                completeLocally(commit ? List.of(new CommandComplete("COMMIT"))
                        : inTransaction(ChangeReplies.productionTags(outcome, statements), wrapped), extended);
            } else {
                endTransactionIf(commit, false);
                refuse(ChangeReplies.notApplied(outcome), extended);
            }
        }));
    }

    private static List<CommandComplete> inTransaction(List<CommandComplete> tags, boolean wrapped) {
        if (!wrapped) {
            return tags;
        }
        List<CommandComplete> all = new ArrayList<>();
        all.add(new CommandComplete("BEGIN"));
        all.addAll(tags);
        all.add(new CommandComplete("COMMIT"));
        return all;
    }

    /** Answers a held message; a simple Query also gets its ReadyForQuery (the extended protocol's comes at Sync). */
    private void completeLocally(List<? extends BackendMessage> messages, boolean extended) {
        List<BackendMessage> answer = new ArrayList<>(messages);
        if (!extended) {
            answer.add(new ReadyForQuery(TransactionStatus.IDLE));
        }
        host.emitLocal(answer);
    }

    private void endTransactionIf(boolean commit, boolean succeeded) {
        if (commit) {
            endTransactionOnProduction(succeeded);
        }
    }

    /**
     * Ends the transaction block production has open for this agent (only reads ran in it): COMMIT
     * when the change set was filed, ROLLBACK when it was not, as a failed COMMIT would.
     */
    private void endTransactionOnProduction(boolean succeeded) {
        state.transactionBlock(false);
        host.endProductionTransaction(succeeded);
    }
}
