package dev.airlock.proxy.session;

import dev.airlock.proxy.frontend.FrontendFrame;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.gate.StatementKind;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.BackendMessage;
import dev.airlock.proxy.protocol.backend.EmptyBodyMessage;
import dev.airlock.proxy.protocol.frontend.Bind;
import dev.airlock.proxy.protocol.frontend.Close;
import dev.airlock.proxy.protocol.frontend.Describe;
import dev.airlock.proxy.protocol.frontend.DescribeTarget;
import dev.airlock.proxy.protocol.frontend.Execute;
import dev.airlock.proxy.protocol.frontend.Parse;
import java.util.List;
import java.util.function.Consumer;

/**
 * One session's extended-query messages: a Parse goes through the gate; Bind and Describe name
 * only statements the gate proved (anything else does not exist, as far as the client can tell);
 * each Execute of an accepted statement is recorded before it runs; Close forgets. An agent's held
 * statements and portals are answered by its {@link AgentSession} instead of production.
 */
final class ExtendedQuery {
    /** What the session does for these messages: the gate's decision, relaying, and refusing. */
    interface Session {
        /** Runs {@code then} with the gate's (and the policy's) decision on {@code sql}, now or later. */
        void whenDecided(FrontendFrame frame, String sql, boolean parse, Consumer<QueryDecision> then);

        void forward(FrontendFrame frame, Pending expectation);

        void refuse(PgException refusal, boolean extended);

        void emitLocal(List<BackendMessage> messages);
    }

    private final Session session;
    private final SessionGateState gateState;
    private final StatementRecorder recorder;
    private final ExecutionRecords executions = new ExecutionRecords();
    private final boolean gateEnabled;
    /** Null for applications. */
    private final AgentSession agent;

    ExtendedQuery(Session session, SessionGateState gateState, StatementRecorder recorder, boolean gateEnabled,
                  AgentSession agent) {
        this.session = session;
        this.gateState = gateState;
        this.recorder = recorder;
        this.gateEnabled = gateEnabled;
        this.agent = agent;
    }

    void onParse(FrontendFrame frame) {
        Parse parse = frame.decode(Parse::decode);
        if (!gateEnabled) {
            gateState.prepared(parse.name(), Classification.of(StatementKind.READ, "not checked: the gate is off"));
            session.forward(frame, Pending.parse(parse.name()));
            return;
        }
        session.whenDecided(frame, parse.sql(), true, decision -> decided(frame, parse, decision));
    }

    private void decided(FrontendFrame frame, Parse parse, QueryDecision decision) {
        String outcome = StatementRecorder.outcome(decision, agent != null);
        if (!recorder.record(decision, outcome, decision.isRefused())) {
            frame.release();
            session.refuse(StatementRecorder.notRecorded(), true);
            return;
        }
        if (decision.isRefused()) {
            executions.statementClosed(parse.name());
        } else if (!decision.statements().isEmpty()) {
            executions.parsed(parse.name(), new ExecutionRecords.Decided(decision.statements().get(0), outcome,
                    decision.rules().isEmpty() ? null : decision.rules().get(0)));
        }
        if (agent != null && agent.onParse(parse, decision)) {
            frame.release();
        } else if (decision.isRefused()) {
            frame.release();
            if (parse.name().isEmpty()) {
                gateState.deallocate("");
            }
            session.refuse(decision.refusal(), true);
        } else {
            gateState.prepared(parse.name(), Classification.of(StatementKind.READ, "parsed as a proven read"));
            if (agent != null) {
                agent.state().forgetStatement(parse.name());
                agent.trackTransactionBlock(decision);
            }
            session.forward(frame, Pending.parse(parse.name()));
        }
    }

    void onBind(FrontendFrame frame) {
        if (agent != null) {
            Bind bind = frame.decode(Bind::decode);
            if (agent.state().bind(bind)) {
                executions.bound(bind.portal(), bind.statement());
                frame.release();
                session.emitLocal(List.of(EmptyBodyMessage.BIND_COMPLETE));
                return;
            }
        }
        Bind.Names names = frame.decode(Bind::validateAndReadNames);
        if (!gateState.isPreparedRead(names.statement())) {
            frame.release();
            throw missingStatement(names.statement());
        }
        executions.bound(names.portal(), names.statement());
        session.forward(frame, Pending.forwarded(Pending.Kind.BIND));
    }

    void onDescribe(FrontendFrame frame) {
        Describe describe = frame.decode(Describe::decode);
        if (agent != null && agent.describe(describe)) {
            frame.release();
            return;
        }
        if (describe.target() == DescribeTarget.STATEMENT && !gateState.isPreparedRead(describe.name())) {
            frame.release();
            throw missingStatement(describe.name());
        }
        session.forward(frame, Pending.forwarded(Pending.Kind.DESCRIBE));
    }

    void onExecute(FrontendFrame frame) {
        Execute execute = frame.decode(Execute::decode);
        ExecutionRecords.Decided running = executions.executing(execute.portal());
        if (running != null && !recorder.executed(running)) {
            frame.release();
            session.refuse(StatementRecorder.notRecorded(), true);
            return;
        }
        AgentState.HeldPortal held = agent == null ? null : agent.state().heldPortal(execute.portal());
        if (held != null) {
            frame.release();
            agent.execute(held);
            return;
        }
        session.forward(frame, Pending.forwarded(Pending.Kind.EXECUTE));
    }

    void onClose(FrontendFrame frame) {
        Close close = frame.decode(Close::decode);
        if (close.target() == DescribeTarget.STATEMENT) {
            gateState.deallocate(close.name());
            executions.statementClosed(close.name());
            if (agent != null) {
                agent.state().forgetStatement(close.name());
            }
        } else {
            executions.portalClosed(close.name());
            if (agent != null) {
                agent.state().forgetPortal(close.name());
            }
        }
        session.forward(frame, Pending.forwarded(Pending.Kind.CLOSE));
    }

    private static PgException missingStatement(String name) {
        return PgException.error(SqlState.INVALID_SQL_STATEMENT_NAME, name.isEmpty()
                ? "unnamed prepared statement does not exist"
                : "prepared statement \"" + name + "\" does not exist");
    }
}
