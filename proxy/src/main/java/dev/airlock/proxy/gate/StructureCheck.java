package dev.airlock.proxy.gate;

import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableStatement;

/**
 * Asks JSqlParser (PostgreSQL dialect) whether a statement that the read prover accepted is a
 * query in its grammar too. The parser never sees the client's text: it gets Airlock's own
 * rendering of the tokens, with every literal and quoted name replaced by a plain one and comments
 * dropped, so the two scanners cannot disagree about where a string or name ends. Names never
 * matter to this structural check; the read prover has already resolved them. Constructs
 * JSqlParser does not know are rendered as what they mean: {@code OPERATOR(schema.op)} as the bare
 * operator, and the {@code UESCAPE} clause of a Unicode literal is dropped.
 *
 * <p>Parsing runs on the calling thread; a shared {@link ParseWatchdog} sets the parser's interrupt
 * flag when the time limit passes, so a pathological statement costs at most that long.
 */
final class StructureCheck {
    /** The result: parsed as a query, parsed as something else, unparseable, or out of time. */
    enum Outcome { QUERY, NOT_A_QUERY, UNPARSEABLE, TIMED_OUT }

    private static final int WARM_UP_CLOCK_FACTOR = 5;
    /**
     * The most a slow parser stretches the limit, which bounds what a pathological statement costs
     * while the parser is slow: the limit, then ten times it. Measured in a JVM of its own, the
     * reference parse took 490 times its fastest the very first time; of 2,000 parses after four
     * seconds of warming, the slowest 1 % took 17 times or more.
     */
    private static final double MAX_STRETCH = 10;

    private static final List<String> WARM_UP_SAMPLES = List.of(
            "select a.x, b.y from t a join u b on b.id = a.id left join v c on c.id = b.id where a.z = 0 and b.w in ('x', 'x')",
            "with r as (select id, sum(x) as s from t group by id having count(*) > 0) select * from r order by s desc limit 0",
            "select coalesce(x, 0), (a - b) as d, lower(e) like 'x', f between 0 and 0, g::int from t where h is not null",
            "select count(*) filter (where x > 0) over (partition by y order by z) from t, lateral (select 0) s offset 0",
            // the shapes of pgjdbc's type lookups and psql's \d queries: array subscripts, regproc
            // casts, USING joins of subqueries, CASE, EXISTS, string_agg
            "select x.y='x'::regproc as z, t.oid from x.t left join (select n.oid as o, r.r from n as n join"
                    + " (select s.r, (f(false))[s.r] as m from g(0, h(f(false), 0)) as s(r)) as r using (m)) as sp"
                    + " on sp.o = t.n where t.oid = 0 order by sp.r, t.oid desc limit 0",
            "select c.oid, n.nspname, case c.relkind when 'x' then 'x' else 'x' end as k, x.y(c.oid, true)"
                    + " from x.c c left join x.n n on n.oid = c.ns where c.relname ~ 'x' collate \"C\""
                    + " and exists (select 0 from x.i i where i.r = c.oid) and c.relkind in ('x', 'x')"
                    + " and x.z(c.oid) order by 0, 0",
            "select string_agg(a.b, 'x' order by a.c), array(select d from e where e.f = any(a.g)) from a group by 0");
    /**
     * The shape of asyncpg's type introspection: a recursive CTE over UNION ALL, a recursive CTE
     * inside CASE, array_agg with ORDER BY, = any($1::oid[]), DISTINCT *. The broadest sample, so
     * it is also the one whose parse time tells how fast the parser runs ({@link ParserPace}).
     */
    private static final String REFERENCE_SAMPLE = "with recursive t(a, b, d) as (select x.a, x.b, 0 from (select c.oid as a,"
            + " case when c.k = 'x' then"
            + " (with recursive r(o, d) as (select s.b, 0 from x.s s where s.oid = c.oid union all"
            + " select s.b, r.d + 0 from x.s s, r where r.o = s.oid and s.b != 0)"
            + " select o from r order by d desc limit 0) else null end as b,"
            + " coalesce(g.s, h.s) as e, (select array_agg(i.t::text order by i.n) from x.i i inner join"
            + " x.c2 c2 on (i.r = c2.oid) where i.n > 0 and not i.z and c2.t = c.oid) as f"
            + " from x.c as c inner join x.n as n on (n.oid = c.ns) left join x.g g on (c.oid = g.t)"
            + " left join x.g h on (c.oid = h.m)) as x where x.a = any($1::oid[])"
            + " union all select x.a, x.b, t.d + 0 from x.y as x, t"
            + " where (t.b is not null and x.a = t.b) or (t.f is not null and x.a = any(t.f)))"
            + " select distinct *, b::regtype::text as n from t order by d desc";

    /**
     * Words PostgreSQL lets name a column (unreserved or column-name keywords) that JSqlParser
     * reserves in some place a name can stand: {@code SELECT t.statement FROM t}
     * (pg_prepared_statements has that column), {@code SELECT int FROM t} and
     * {@code SELECT 1 AS current} are queries to PostgreSQL and unparseable to JSqlParser. Found by
     * parsing each such keyword of PostgreSQL 15 with JSqlParser 5.4 as a column, qualified and
     * not, and as a label; GateReadsIT tries every one production has.
     */
    static final Set<String> NAMES_JSQLPARSER_RESERVES = Set.of("between", "bigint", "csv", "current", "decimal",
            "double", "enum", "exists", "float", "force", "import", "int", "integer", "nchar", "numeric", "precision",
            "prior", "real", "returns", "smallint", "statement", "unbounded", "unknown", "varchar", "varying",
            "xmlserialize");

    private final Duration limit;
    private final ParseWatchdog watchdog;
    private final ParserPace pace;

    StructureCheck(Duration limit, ScheduledExecutorService scheduler) {
        this(limit, scheduler, new ParserPace(REFERENCE_SAMPLE, StructureCheck::parseSample));
    }

    /** With the given measure of the parser's pace; tests give one that reports a cold parser. */
    StructureCheck(Duration limit, ScheduledExecutorService scheduler, ParserPace pace) {
        this.limit = limit;
        this.watchdog = new ParseWatchdog(scheduler);
        this.pace = pace;
    }

    /**
     * Parses the statement within the limit. One that JSqlParser cannot parse and that uses a word
     * PostgreSQL lets name a column but JSqlParser reserves is tried once more with those words as
     * names (see {@link #render}).
     */
    Outcome check(List<Token> tokens) {
        Outcome outcome = checkRendered(render(tokens, false));
        if (outcome == Outcome.UNPARSEABLE && tokens.stream().skip(1).anyMatch(StructureCheck::isNameJSqlParserReserves)) {
            Outcome withNames = checkRendered(render(tokens, true));
            return withNames == Outcome.QUERY ? withNames : outcome;
        }
        return outcome;
    }

    private static boolean isNameJSqlParserReserves(Token token) {
        return token.type() == TokenType.IDENTIFIER && NAMES_JSQLPARSER_RESERVES.contains(token.value());
    }

    /**
     * Parses the rendered statement within the limit. One that runs out of time is tried once more,
     * with the limit stretched by how much slower than its fastest the parser runs right now (at
     * most {@value #MAX_STRETCH} times): the limit is meant for statements that are pathological,
     * and a parser that the JIT has not compiled yet, or has just deoptimised, is slow on every
     * statement. On a warm parser the second try gets the same limit, and a pathological statement
     * runs out of time again.
     */
    private Outcome checkRendered(String text) {
        Outcome outcome = parse(text, limit);
        if (outcome != Outcome.TIMED_OUT) {
            return outcome;
        }
        double stretch = Math.min(pace.slowdown(), MAX_STRETCH);
        return parse(text, Duration.ofNanos((long) (limit.toNanos() * stretch)));
    }

    private Outcome parse(String text, Duration within) {
        CCJSqlParser parser = parser(text);
        Object watched = watchdog.watch(parser, within);
        try {
            Statement statement = parser.Statement();
            if (parser.interrupted) {
                return Outcome.TIMED_OUT;
            }
            return statement instanceof Select || statement instanceof TableStatement ? Outcome.QUERY : Outcome.NOT_A_QUERY;
        } catch (Exception | StackOverflowError e) {
            return parser.interrupted ? Outcome.TIMED_OUT : Outcome.UNPARSEABLE;
        } finally {
            watchdog.done(watched);
        }
    }

    static CCJSqlParser parser(String text) {
        return new CCJSqlParser(new StringProvider(text))
                .withAllowComplexParsing(false)
                .withDialect(AbstractJSqlParser.Dialect.POSTGRESQL);
    }

    private static Statement parseSample(String sample) {
        try {
            return parser(sample).Statement();
        } catch (Exception e) {
            throw new IllegalStateException("JSqlParser cannot parse its own warm-up statement: " + sample, e);
        }
    }

    /**
     * Parses a few typical statements until the JIT has compiled JSqlParser's hot paths. Cold, a
     * 1 KB query can take JSqlParser over 100 ms, which would refuse it as too complex right after
     * start-up; warm, the same query takes about a millisecond. The budget is this thread's CPU
     * time, as the parse limit is, so a machine busy with other start-ups (the demo's PostgreSQL
     * servers) does not cut the warm-up short; the clock bounds it at {@value #WARM_UP_CLOCK_FACTOR}
     * times the budget. The reference sample's fastest parse here is the pace later parses are
     * compared with.
     */
    void warmUp(Duration budget) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuDeadline = threads.getCurrentThreadCpuTime() + budget.toNanos();
        long clockDeadline = System.nanoTime() + budget.toNanos() * WARM_UP_CLOCK_FACTOR;
        while (threads.getCurrentThreadCpuTime() < cpuDeadline && System.nanoTime() < clockDeadline) {
            WARM_UP_SAMPLES.forEach(StructureCheck::parseSample);
            pace.measure();
        }
    }

    /**
     * The statement as JSqlParser is given it: normalised tokens separated by spaces; with
     * {@code reservedWordsAsNames}, each of {@link #NAMES_JSQLPARSER_RESERVES} after the first
     * token as a quoted name. The first token, which decides what kind of statement it is, is never
     * changed. A statement using such a word both as a name and as a keyword (a column "returns"
     * and a BETWEEN) stays unparseable, and refused.
     */
    static String render(List<Token> tokens, boolean reservedWordsAsNames) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isWord("operator") && i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('(')) {
                int close = i + 2;
                while (close < tokens.size() && !tokens.get(close).isPunctuation(')')) {
                    close++;
                }
                if (close - 1 < tokens.size()) {
                    out.append(tokens.get(close - 1).value()).append(' ');
                }
                i = close;
                continue;
            }
            if (token.isWord("uescape") && i + 1 < tokens.size() && tokens.get(i + 1).type() == TokenType.STRING) {
                i++;
                continue;
            }
            boolean asName = reservedWordsAsNames && i > 0 && isNameJSqlParserReserves(token);
            out.append(asName ? "\"q\"" : renderToken(token)).append(' ');
        }
        return out.toString();
    }

    /** A token as JSqlParser sees it: literals become plain ones of the same kind. */
    static String renderToken(Token token) {
        return switch (token.type()) {
            case STRING, BIT_STRING -> "'x'";
            case NUMBER -> "0";
            case QUOTED_IDENTIFIER -> "\"q\"";
            default -> token.value();
        };
    }
}
