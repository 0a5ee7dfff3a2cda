package dev.airlock.proxy.session;

import dev.airlock.proxy.auth.IdentityKind;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.backend.ServerMessages;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.frontend.FrontendFrame;
import dev.airlock.proxy.frontend.OversizedMessage;
import dev.airlock.proxy.gate.QueryDecision;
import dev.airlock.proxy.gate.SessionGateState;
import dev.airlock.proxy.protocol.FrontendType;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import dev.airlock.proxy.protocol.backend.BackendKeyData;
import dev.airlock.proxy.protocol.backend.BackendMessage;
import dev.airlock.proxy.protocol.backend.CommandComplete;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.ParameterStatus;
import dev.airlock.proxy.protocol.backend.ReadyForQuery;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import dev.airlock.proxy.protocol.frontend.FrontendMessage;
import dev.airlock.proxy.protocol.frontend.Parse;
import dev.airlock.proxy.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * An authenticated application session: every Query and Parse goes through the gate, proven reads
 * and allowed session statements are relayed to production byte for byte, and results come back
 * byte for byte. Client messages are handled strictly in order; while the gate or the pool is
 * working on one, reading from the client pauses.
 *
 * <p>Each relayed message that production answers gets a {@link Pending} entry in the session's
 * {@link ProductionReplies}, so Airlock knows which response belongs to which message. Refusals
 * are answered in place:
 *
 * <pre>
 *   nothing in flight, no transaction open   ErrorResponse written by Airlock (then ReadyForQuery
 *                                            for a simple Query; for extended messages the
 *                                            following Sync gets it)
 *   otherwise                                a "poison" statement is sent to production instead,
 *                                            so its transaction fails exactly as PostgreSQL's
 *                                            would; production's syntax error for it is replaced
 *                                            by Airlock's ErrorResponse
 * </pre>
 *
 * After a refusal or an error in an extended-protocol batch, messages are discarded until Sync,
 * as PostgreSQL does. What the extended-protocol messages mean to the gate is {@link ExtendedQuery}'s
 * to decide; the production connection, taken from the pool when the first message needs one, is
 * the {@link ProductionLink}'s to manage.
 */
final class ClientSession implements ConnectionPhase, ProductionLink.Session, CancelTarget, AgentSession.AgentHost,
        ProductionReplies.Session, ExtendedQuery.Session {
    /** Always a syntax error: production rejects it, and Airlock replaces the error with its refusal. */
    static final String POISON_SQL = "AIRLOCK_REFUSED /* Airlock refused a statement here and told the client why */";
    private static final String POISON_STATEMENT = "airlock_refused";

    private final ClientConnectionHandler connection;
    private final ChannelHandlerContext client;
    private final ProxyContext context;
    private final Identity identity;
    private final ClientStartup startup;
    private final BackendKeyData keyData;
    private final SessionGateState gateState;
    private final ArrayDeque<Object> inbound = new ArrayDeque<>();
    private final ProductionReplies replies;
    private final SessionParameters parameters;
    private final ProductionLink link;
    private final ExtendedQuery extendedQuery;
    private boolean waitingForGate;
    /** An agent's change is being filed, or a {@code wait}-mode session waits for its outcome. */
    private boolean waitingForChange;
    /** Null for applications. */
    private final AgentSession agent;
    private boolean discardUntilSync;
    private boolean closed;
    /**
     * The client has been told the session is over (a FATAL error, Terminate, production ending
     * it): its connection is closing, which takes a while (the error is written first, and TLS says
     * goodbye), and until then nothing more is read from it or relayed to it.
     */
    private boolean ended;
    private boolean clientDirty;
    /** Production has yet to accept this session's start-up values: until it does, the client is not told it is ready. */
    private boolean startupOnTrial;
    private final boolean gateEnabled;
    private final StatementRecorder recorder;
    private final StatementPolicy policy;

    ClientSession(ClientConnectionHandler connection, Identity identity, ClientStartup startup, SessionGateState gateState) {
        this.connection = connection;
        this.client = connection.channel();
        this.context = connection.context();
        this.identity = identity;
        this.startup = startup;
        this.gateState = gateState;
        this.replies = new ProductionReplies(gateState, this);
        this.keyData = context.cancelRegistry().register(this);
        this.agent = identity.kind() == IdentityKind.AGENT
                ? new AgentSession(identity, keyData.processId(), context.changes(), this) : null;
        this.gateEnabled = context.settings().get(Setting.GATE_ENABLED);
        this.recorder = new StatementRecorder(context.statementLog(), context.auditTrail(), identity.name(),
                keyData.processId(), context.settings().get(Setting.LOG_STATEMENT_TEXT).equals("hash"), context.metrics());
        this.policy = new StatementPolicy(context.policy(), identity);
        this.parameters = new SessionParameters(startup, context.serverParameters());
        this.link = new ProductionLink(client, context, replies, parameters, this);
        this.extendedQuery = new ExtendedQuery(this, gateState, recorder, gateEnabled, agent);
        parameters.reportAll(client::write);
        client.write(keyData);
        if (context.acceptedSettings().containsAll(parameters.forProductionToJudge())) {
            client.writeAndFlush(new ReadyForQuery(TransactionStatus.IDLE));
        } else {
            startupOnTrial = true;
            clientDirty = true;
            link.attachNow();
        }
    }

    // ---------------------------------------------------------------- client side

    @Override
    public void onMessage(Object message) {
        if (isOver()) {
            ReferenceCountUtil.release(message);
            return;
        }
        inbound.add(message);
        process();
    }

    private boolean isOver() {
        return closed || ended;
    }

    /** Ends the session with a FATAL {@code error}. */
    private void end(PgException error) {
        ended = true;
        connection.fail(error.asFatal());
    }

    private boolean waiting() {
        return link.isAttaching() || waitingForGate || waitingForChange;
    }

    private void process() {
        while (!isOver() && !waiting() && !inbound.isEmpty()) {
            Object message = inbound.poll();
            try {
                handle(message);
            } catch (PgException e) {
                if (e.isFatal()) {
                    end(e);
                    return;
                }
                byte type = message instanceof FrontendFrame frame ? frame.type() : FrontendType.QUERY;
                refuse(e, isExtended(type));
            }
        }
        updateAutoRead();
    }

    private void handle(Object message) {
        if (message instanceof OversizedMessage oversized) {
            if (discardUntilSync) {
                return;
            }
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "message of " + oversized.length()
                    + " bytes is larger than limits.max_message_size allows");
        }
        FrontendFrame frame = (FrontendFrame) message;
        if (discardUntilSync && frame.type() != FrontendType.SYNC) {
            frame.release();
            return;
        }
        switch (frame.type()) {
            case FrontendType.QUERY -> onQuery(frame);
            case FrontendType.PARSE -> extendedQuery.onParse(frame);
            case FrontendType.BIND -> extendedQuery.onBind(frame);
            case FrontendType.DESCRIBE -> extendedQuery.onDescribe(frame);
            case FrontendType.EXECUTE -> extendedQuery.onExecute(frame);
            case FrontendType.CLOSE -> extendedQuery.onClose(frame);
            case FrontendType.SYNC -> onSync(frame);
            case FrontendType.FLUSH -> onFlush(frame);
            case FrontendType.TERMINATE -> {
                frame.release();
                ended = true;
                connection.close("client sent Terminate");
            }
            case FrontendType.FUNCTION_CALL -> {
                frame.release();
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "the fast-path function call interface is not supported through Airlock");
            }
            case FrontendType.COPY_DATA, FrontendType.COPY_DONE, FrontendType.COPY_FAIL -> frame.release();
            default -> {
                frame.release();
                throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "invalid frontend message type "
                        + (frame.type() & 0xFF));
            }
        }
    }

    private static boolean isExtended(byte type) {
        return type == FrontendType.PARSE || type == FrontendType.BIND || type == FrontendType.DESCRIBE
                || type == FrontendType.EXECUTE || type == FrontendType.CLOSE;
    }

    private void onQuery(FrontendFrame frame) {
        if (!gateEnabled) {
            forward(frame, Pending.forwarded(Pending.Kind.QUERY));
            return;
        }
        Query query = frame.decode(Query::decode);
        gateState.deallocate("");
        whenDecided(frame, query.sql(), false, decision -> {
            if (!recorder.record(decision, StatementRecorder.outcome(decision, agent != null), true)) {
                frame.release();
                refuse(StatementRecorder.notRecorded(), false);
            } else if (agent != null && agent.onQuery(query.sql(), decision)) {
                frame.release();
            } else if (decision.isRefused()) {
                frame.release();
                refuse(decision.refusal(), false);
            } else if (!answerDeferredSetting(decision)) {
                if (agent != null) {
                    agent.trackTransactionBlock(decision);
                }
                forward(frame, Pending.forwarded(Pending.Kind.QUERY));
            } else {
                frame.release();
            }
        });
    }

    /** Answers a lone driver SET locally when no production connection is attached; see {@link DeferredSetting}. */
    private boolean answerDeferredSetting(QueryDecision decision) {
        if (!link.isUnused() || !replies.isEmpty() || decision.statements().size() != 1
                || replies.transactionStatus() != TransactionStatus.IDLE) {
            return false;
        }
        return DeferredSetting.of(decision.statements().get(0).statement()).map(setting -> {
            clientDirty = true;
            client.write(new CommandComplete("SET"));
            if (parameters.defer(setting)) {
                client.write(new ParameterStatus(setting.name(), setting.value()));
            }
            client.write(new ReadyForQuery(TransactionStatus.IDLE));
            return true;
        }).orElse(false);
    }

    /**
     * Runs {@code then} with the gate's decision: at once when the gate can decide on this thread
     * (cached statements), else when its workers have, back on this session's loop.
     */
    @Override
    public void whenDecided(FrontendFrame frame, String sql, boolean parse, Consumer<QueryDecision> then) {
        long start = System.nanoTime();
        QueryDecision now = context.gate().decideNow(sql, gateState, parse);
        if (now != null) {
            QueryDecision decided = policy.apply(now);
            context.metrics().gateDecided(start);
            then.accept(decided);
            return;
        }
        waitingForGate = true;
        context.gate().decideLater(sql, gateState, parse).whenComplete((result, failure) -> client.executor().execute(() -> {
            waitingForGate = false;
            if (isOver()) {
                frame.release();
                return;
            }
            try {
                if (failure != null) {
                    frame.release();
                    LoggerFactory.getLogger(ClientSession.class).error("the gate failed on a statement", failure);
                    refuse(PgException.error(SqlState.INTERNAL_ERROR, "Airlock could not classify the statement"),
                            frame.type() == FrontendType.PARSE);
                } else {
                    QueryDecision decided = policy.apply(result);
                    context.metrics().gateDecided(start);
                    then.accept(decided);
                }
            } catch (PgException e) {
                refuse(e, frame.type() == FrontendType.PARSE);
            }
            process();
            flushBoth();
        }));
    }

    private void onSync(FrontendFrame frame) {
        discardUntilSync = false;
        if (link.isUnused()) {
            frame.release();
            emitLocal(List.of(new ReadyForQuery(replies.transactionStatus())));
            return;
        }
        forward(frame, Pending.forwarded(Pending.Kind.SYNC));
    }

    private void onFlush(FrontendFrame frame) {
        clientDirty = true;
        link.passFlush(frame.frame());
    }

    /**
     * Refuses the current message. With nothing in flight and no transaction open, Airlock answers
     * itself; otherwise a poison statement makes production fail at this very point.
     */
    @Override
    public void refuse(PgException refusal, boolean extended) {
        refuse(refusal.toErrorResponse(), extended);
    }

    @Override
    public void refuse(ErrorResponse refusal, boolean extended) {
        if (extended) {
            discardUntilSync = true;
        }
        boolean answerLocally = replies.isEmpty() && !link.isAttaching()
                && replies.transactionStatus() == TransactionStatus.IDLE;
        if (answerLocally) {
            List<BackendMessage> answer = new ArrayList<>();
            answer.add(refusal);
            if (!extended) {
                answer.add(new ReadyForQuery(replies.transactionStatus()));
            }
            emitLocal(answer);
            return;
        }
        FrontendMessage poison = extended ? new Parse(POISON_STATEMENT, POISON_SQL, new int[0]) : new Query(POISON_SQL);
        link.write(poison, Pending.poison(extended ? Pending.Kind.PARSE : Pending.Kind.QUERY, refusal));
    }

    @Override
    public void emitLocal(List<BackendMessage> messages) {
        clientDirty = true;
        if (replies.isEmpty()) {
            messages.forEach(message -> client.write(message, client.voidPromise()));
        } else {
            replies.add(Pending.local(messages));
        }
    }

    @Override
    public void forward(FrontendFrame frame, Pending expectation) {
        link.write(frame.frame(), expectation);
    }

    // ---------------------------------------------------------------- serving an agent

    @Override
    public TransactionStatus transactionStatus() {
        return replies.transactionStatus();
    }

    /** The session id clients know this session by (its BackendKeyData process id). */
    int processId() {
        return keyData.processId();
    }

    @Override
    public void endProductionTransaction(boolean commit) {
        if (!link.isUnused()) {
            link.write(new Query(commit ? "COMMIT" : "ROLLBACK"), Pending.forwarded(Pending.Kind.INTERNAL));
        }
    }

    @Override
    public void deallocate(String statementName) {
        gateState.deallocate(statementName);
    }

    @Override
    public void pauseForChange() {
        waitingForChange = true;
    }

    @Override
    public void resumeAfterChange(Runnable work) {
        client.executor().execute(() -> {
            waitingForChange = false;
            if (isOver()) {
                return;
            }
            work.run();
            process();
            flushBoth();
        });
    }

    // ---------------------------------------------------------------- the production link

    /**
     * With the start-up values on trial, the client is told it is ready once production has taken
     * them: after the settings query, or at once when the connection already had them all.
     */
    @Override
    public void onLinked() {
        if (startupOnTrial) {
            if (replies.isEmpty()) {
                startupAccepted();
            }
            emitLocal(List.of(new ReadyForQuery(TransactionStatus.IDLE)));
        }
        process();
        flushBoth();
    }

    @Override
    public void onInternalQueryDone() {
        if (startupOnTrial) {
            startupAccepted();
        }
    }

    private void startupAccepted() {
        startupOnTrial = false;
        context.acceptedSettings().add(parameters.forProductionToJudge());
    }

    @Override
    public void onLinkFailed(PgException error) {
        end(error);
    }

    // ---------------------------------------------------------------- production side

    @Override
    public void onServerMessages(ServerMessages messages) {
        if (isOver()) {
            messages.release();
            return;
        }
        clientDirty = true;
        if (messages.isStreamedPiece()) {
            client.write(messages.content(), client.voidPromise());
            return;
        }
        RelayOutput out = new RelayOutput(client, messages.content());
        String endReason = null;
        try {
            for (int i = 0; i < messages.count() && endReason == null; i++) {
                endReason = replies.relay(messages, i, out);
                replies.drainLocal(out);
            }
        } catch (PgException e) {
            out.finish();
            end(e);
            return;
        }
        out.finish();
        if (endReason != null) {
            ended = true;
            client.flush();
            connection.close(endReason);
        }
    }

    /** Relays a parameter report only when it tells the client something new. */
    @Override
    public void onParameterStatus(ByteBuf body, int start, int end, RelayOutput out) {
        ParameterStatus status = ParameterStatus.decode(body);
        link.parameterReported(status.name(), status.value());
        if (status.name().equals("standard_conforming_strings")) {
            gateState.standardConformingStrings("on".equals(status.value()));
        }
        if (parameters.reportChanged(status.name(), status.value())) {
            out.keep(start, end);
        } else {
            out.drop();
        }
    }

    /** Application sessions never load data; if production asks for COPY data anyway, fail the COPY. */
    @Override
    public void onCopyIn(RelayOutput out) {
        out.drop();
        link.failCopy("COPY FROM STDIN is not allowed through Airlock");
    }

    @Override
    public void onServerReadComplete() {
        if (clientDirty) {
            client.flush();
            clientDirty = false;
        }
    }

    @Override
    public void onBackendWritabilityChanged(boolean writable) {
        updateAutoRead();
    }

    @Override
    public void onBackendClosed(Throwable cause) {
        link.lost();
        if (!isOver()) {
            end(PgException.fatal(SqlState.CONNECTION_FAILURE, "the connection to production was lost"));
        }
    }

    // ---------------------------------------------------------------- flow control, cancel, close

    @Override
    public void onReadComplete() {
        flushBoth();
    }

    /** Flushes what was written since the last flush; an idle direction costs nothing. */
    private void flushBoth() {
        link.flush();
        if (clientDirty) {
            client.flush();
            clientDirty = false;
        }
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        link.setAutoRead(writable);
    }

    private void updateAutoRead() {
        boolean read = !isOver() && !waiting() && inbound.isEmpty() && link.isWritable();
        client.channel().config().setAutoRead(read);
    }

    @Override
    public void cancelRunningStatement() {
        client.executor().execute(() -> {
            if (agent != null && agent.cancelWait()) {
                return;
            }
            link.cancelRunning();
        });
    }

    @Override
    public void onClose() {
        closed = true;
        context.cancelRegistry().unregister(keyData);
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        link.close();
    }
}
