package dev.airlock.proxy.gate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.lexer.LexException;
import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.StatementSplitter;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The statement gate: splits a Query or Parse into statements with Airlock's lexer and classifies
 * each against production's current catalog.
 *
 * <p>Decisions about queries are cached under the statement's fingerprint (literals replaced), the
 * session's lexing and search_path state and the catalog: a repeated statement, even with other
 * literals, is decided without parsing. A catalog change empties the cache. A message whose
 * statements are all cached, or are cheap session statements, is decided on the caller's thread;
 * anything else is classified on the gate's worker executor, never on an event loop.
 */
public final class Gate {
    /** Longer statements are refused before any analysis (54000). */
    public static final int MAX_STATEMENT_LENGTH = 1 << 20;
    /** Statements classified without a parser, so never worth sending to the worker. */
    private static final java.util.Set<String> CHEAP_STATEMENTS = java.util.Set.of("set", "reset", "deallocate",
            "discard", "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "show");

    private final FunctionPolicy policy;
    private final StatementClassifier classifier;
    private final Executor workers;
    private final Cache<ShapeKey, Classification> cache;
    /**
     * Whole decisions by exact text, in front of {@link #cache}: a repeated text (parameterised
     * statements, ORM queries) is decided without lexing it again. Only texts that needed the
     * parser, whose every statement is cacheable, and at most {@link #MAX_EXACT_TEXT} characters.
     */
    private final Cache<ExactKey, QueryDecision> exactTexts;
    private static final int MAX_EXACT_TEXT = 8 * 1024;

    /** A statement's classification depends on its shape and on how the session lexes and resolves names. */
    private record ShapeKey(String session, String fingerprint) {
    }

    /** A whole message's decision depends on its exact text, the session, and whether it was a Parse. */
    private record ExactKey(String session, boolean parse, String text) {
    }
    private volatile GateModel model;

    public Gate(ProductionCatalog catalog, List<String> allowedFunctions, List<String> searchPathSchemas,
            Duration parseTimeout, ScheduledExecutorService watchdog, Executor workers, int cacheSize) {
        this.policy = new FunctionPolicy(allowedFunctions);
        this.classifier = new StatementClassifier(new SessionSettings(searchPathSchemas),
                new StructureCheck(parseTimeout, watchdog));
        this.workers = workers;
        this.cache = cacheSize == 0 ? null : Caffeine.newBuilder().<ShapeKey, Classification>maximumSize(cacheSize).build();
        this.exactTexts = cacheSize == 0 ? null : Caffeine.newBuilder().<ExactKey, QueryDecision>maximumSize(cacheSize).build();
        this.model = new GateModel(catalog, policy);
    }

    /** Switches to a refreshed catalog; cached decisions are dropped if anything changed. */
    public void updateCatalog(ProductionCatalog catalog) {
        if (!catalog.fingerprint().equals(model.catalog().fingerprint())) {
            model = new GateModel(catalog, policy);
            if (cache != null) {
                cache.invalidateAll();
                exactTexts.invalidateAll();
            }
        }
    }

    /** Warms the SQL parser before the first client arrives; see {@link StructureCheck#warmUp}. */
    public void warmUp(Duration budget) {
        classifier.structure().warmUp(budget);
    }

    public ProductionCatalog catalog() {
        return model.catalog();
    }

    /**
     * The gate state a session starts with, given the run-time settings of its startup packet
     * ({@link ClientStartup#settings}): each is decided as the SET it stands for, the very text
     * production is given when the session attaches. One that a session could not SET, or that no
     * startup packet may carry, ends the connection (FATAL 08P01), before anything reaches production.
     */
    public SessionGateState sessionState(Map<String, String> startupSettings) {
        SessionGateState session = new SessionGateState();
        startupSettings.forEach((name, value) -> {
            List<SqlStatement> statements;
            try {
                statements = StatementSplitter.split(ClientStartup.setStatement(name, value), true);
            } catch (LexException e) {
                statements = List.of();
            }
            Classification decided = statements.size() == 1
                    ? classifier.startupSetting(name, statements.get(0), session, model)
                    : Classification.forbidden(SqlState.PROTOCOL_VIOLATION, "not a setting Airlock can pass on");
            if (decided.kind() != StatementKind.SESSION_SETTING) {
                throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "startup parameter \"" + name + "\" is not allowed: "
                        + decided.reason())
                        .withHint("Airlock takes user, database, application_name, client_encoding, DateStyle, TimeZone, "
                                + "IntervalStyle, extra_float_digits, and the settings a session may SET through it.");
            }
        });
        return session;
    }

    /** Decides a simple-protocol Query for an application session. */
    public CompletableFuture<QueryDecision> checkQuery(String sql, SessionGateState session) {
        return check(sql, session, false);
    }

    /** Decides a Parse: one statement at most, as PostgreSQL requires (42601 otherwise). */
    public CompletableFuture<QueryDecision> checkParse(String sql, SessionGateState session) {
        return check(sql, session, true);
    }

    private CompletableFuture<QueryDecision> check(String sql, SessionGateState session, boolean singleStatement) {
        QueryDecision now = decideNow(sql, session, singleStatement);
        return now != null ? CompletableFuture.completedFuture(now) : decideLater(sql, session, singleStatement);
    }

    /**
     * The decision, when it can be made on the caller's thread: every statement cached or a cheap
     * session statement (or the text is refused outright). Null when parsing is needed; then call
     * {@link #decideLater}.
     */
    public QueryDecision decideNow(String sql, SessionGateState session, boolean singleStatement) {
        ExactKey exactKey = exactKey(sql, session, singleStatement);
        QueryDecision known = exactKey == null ? null : exactTexts.getIfPresent(exactKey);
        if (known != null) {
            return known;
        }
        List<SqlStatement> statements;
        try {
            statements = split(sql, session, singleStatement);
        } catch (PgException e) {
            return QueryDecision.refused(e);
        }
        // Not remembered by exact text here: texts decided from the fingerprint cache differ in
        // their literals (pgbench's do every time), and keeping each would cost more than it saves.
        List<StatementDecision> decided = decideCheaply(statements, session, model);
        return decided == null ? null : QueryDecision.forApplication(decided);
    }

    /** The exact-text key, or null when the text is not worth keeping (too long, or no cache). */
    private ExactKey exactKey(String sql, SessionGateState session, boolean singleStatement) {
        if (exactTexts == null || sql.length() > MAX_EXACT_TEXT) {
            return null;
        }
        return new ExactKey(session.cacheKey(), singleStatement, sql);
    }

    private QueryDecision remember(ExactKey exactKey, QueryDecision decision, GateModel decidedWith) {
        if (exactKey != null && decidedWith == model && !decision.statements().isEmpty()
                && decision.statements().stream().allMatch(statement -> StatementClassifier.isCacheable(statement.statement())
                        && statement.classification().isRepeatable())) {
            exactTexts.put(exactKey, decision);
        }
        return decision;
    }

    /** The decision, made on the gate's workers (never an event loop). */
    public CompletableFuture<QueryDecision> decideLater(String sql, SessionGateState session, boolean singleStatement) {
        GateModel current = model;
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return remember(exactKey(sql, session, singleStatement),
                            QueryDecision.forApplication(decideAll(split(sql, session, singleStatement), session, current)), current);
                } catch (PgException e) {
                    return QueryDecision.refused(e);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(QueryDecision.refused(PgException.error(SqlState.TOO_MANY_CONNECTIONS,
                    "Airlock's statement gate is overloaded; try again")));
        }
    }

    private static List<SqlStatement> split(String sql, SessionGateState session, boolean singleStatement) {
        if (sql.length() > MAX_STATEMENT_LENGTH) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "statement is longer than Airlock analyses ("
                    + MAX_STATEMENT_LENGTH + " characters)");
        }
        List<SqlStatement> statements;
        try {
            statements = StatementSplitter.split(sql, session.standardConformingStrings());
        } catch (LexException e) {
            throw PgException.error(SqlState.SYNTAX_ERROR, e.getMessage())
                    .withDetail("at character " + (e.position() + 1));
        }
        if (singleStatement && statements.size() > 1) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        return statements;
    }

    /** Decisions without parsing, or null when some statement needs the worker. */
    private List<StatementDecision> decideCheaply(List<SqlStatement> statements, SessionGateState session, GateModel current) {
        List<StatementDecision> decisions = new ArrayList<>(statements.size());
        for (SqlStatement statement : statements) {
            String fingerprint = StatementFingerprint.of(statement.tokens());
            Classification known = cache != null && StatementClassifier.isCacheable(statement)
                    ? cache.getIfPresent(shapeKey(session, fingerprint))
                    : null;
            if (known == null && isCheapSessionStatement(statement)) {
                known = classifier.classify(statement, session, current);
            }
            if (known == null) {
                return null;
            }
            decisions.add(new StatementDecision(statement, known, fingerprint));
        }
        return decisions;
    }

    private static boolean isCheapSessionStatement(SqlStatement statement) {
        String first = statement.word(0);
        return first != null && CHEAP_STATEMENTS.contains(first);
    }

    private List<StatementDecision> decideAll(List<SqlStatement> statements, SessionGateState session, GateModel current) {
        List<StatementDecision> decisions = new ArrayList<>(statements.size());
        for (SqlStatement statement : statements) {
            String fingerprint = StatementFingerprint.of(statement.tokens());
            Classification classification;
            if (cache != null && StatementClassifier.isCacheable(statement)) {
                ShapeKey key = shapeKey(session, fingerprint);
                classification = cache.getIfPresent(key);
                if (classification == null) {
                    classification = classifier.classify(statement, session, current);
                    if (current == model && classification.isRepeatable()) {
                        cache.put(key, classification);
                    }
                }
            } else {
                classification = classifier.classify(statement, session, current);
            }
            decisions.add(new StatementDecision(statement, classification, fingerprint));
        }
        return decisions;
    }

    private static ShapeKey shapeKey(SessionGateState session, String fingerprint) {
        return new ShapeKey(session.cacheKey(), fingerprint);
    }
}
