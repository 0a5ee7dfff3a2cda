package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import dev.airlock.proxy.lexer.LexException;
import dev.airlock.proxy.lexer.StatementSplitter;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Airlock's statement splitter against PostgreSQL's own parser: the text is sent as one simple
 * Query to a throwaway server (corpus fixtures loaded; everything may run there) and the
 * CommandCompletes are counted. When PostgreSQL runs the text, both counts must be equal; when it
 * stops at a run-time error, Airlock must have seen at least as many statements as ran; when
 * Airlock's lexer rejects the text, PostgreSQL must reject it too.
 */
class LexerDifferentialIT {
    private static EmbeddedServer oracle;
    private static RawPgClient client;
    private static Boolean clientStandardStrings;

    @BeforeContainer
    static void startOracle() {
        oracle = EmbeddedServer.start("lexer-oracle", Map.of());
        oracle.execute("postgres", "CREATE ROLE app_ro NOLOGIN; CREATE ROLE writer NOLOGIN");
        oracle.execute("postgres", "CREATE DATABASE corpus");
        oracle.execute("corpus", TestProduction.resource("security/fixtures.sql").replace("port=58731", "port=" + oracle.port()));
    }

    @AfterContainer
    static void stopOracle() throws IOException {
        if (client != null) {
            client.close();
        }
        oracle.close();
    }

    /** What PostgreSQL made of a query string. */
    private record Outcome(int completed, String errorState) {
        boolean syntaxError() {
            return errorState != null && (errorState.startsWith("42") || errorState.startsWith("22"));
        }
    }

    /** Runs on one reused connection; a statement that ends it (a FATAL) gets a fresh one next time. */
    private static Outcome runOnPostgres(String sql, boolean standardConformingStrings) throws IOException {
        if (client == null) {
            client = RawPgClient.direct(oracle.port(), "corpus", EmbeddedServer.SUPERUSER);
            client.query("SET statement_timeout = '5s'; SET lock_timeout = '1s'");
            client.readUntilReady();
            clientStandardStrings = null;
        }
        if (!Boolean.valueOf(standardConformingStrings).equals(clientStandardStrings)) {
            client.query("SET standard_conforming_strings = " + (standardConformingStrings ? "on" : "off"));
            client.readUntilReady();
            clientStandardStrings = standardConformingStrings;
        }
        client.query(sql);
        int completed = 0;
        String error = null;
        for (Message message : client.readUntilReady()) {
            if (message.type() == 'C') {
                completed++;
            } else if (message.type() == 'E') {
                error = message.sqlState();
                if ("FATAL".equals(message.severity())) {
                    client.close();
                    client = null;
                }
            }
        }
        return new Outcome(completed, error);
    }

    private static void compare(String sql, boolean standardConformingStrings) throws IOException {
        Integer airlockCount;
        try {
            airlockCount = StatementSplitter.split(sql, standardConformingStrings).size();
        } catch (LexException e) {
            airlockCount = null;
        }
        Outcome postgres = runOnPostgres(sql, standardConformingStrings);
        if (airlockCount == null) {
            assertThat(postgres.errorState()).as("PostgreSQL accepted what Airlock's lexer rejects: " + sql).isNotNull();
        } else if (postgres.errorState() == null) {
            assertThat(airlockCount).as("statements in: " + sql).isEqualTo(postgres.completed());
        } else if (!postgres.syntaxError()) {
            assertThat(airlockCount).as("statements before a run-time error in: " + sql).isGreaterThan(postgres.completed());
        }
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyCorpusEntrySplitsAsPostgresRunsIt(@ForAll("corpusEntries") CorpusEntry entry) throws IOException {
        compare(entry.input(), true);
    }

    @Provide
    Arbitrary<CorpusEntry> corpusEntries() {
        return Arbitraries.of(CorpusEntry.load().stream().filter(entry -> !entry.isProtocol()).toList());
    }

    @Property(tries = 600)
    void generatedQueriesSplitAsPostgresRunsThem(@ForAll("queries") String sql) throws IOException {
        compare(sql, true);
    }

    @Property(tries = 400)
    void generatedQueriesSplitAsPostgresRunsThemWithoutStandardStrings(@ForAll("queries") String sql) throws IOException {
        compare(sql, false);
    }

    @Property(tries = 400)
    void mutatedQueriesNeverSplitDifferently(@ForAll("mutatedQueries") String sql) throws IOException {
        compare(sql, true);
    }

    @Provide
    Arbitrary<String> queries() {
        return statement().list().ofMinSize(1).ofMaxSize(4).flatMap(statements ->
                separator().list().ofSize(statements.size()).map(separators -> {
                    StringBuilder sql = new StringBuilder();
                    for (int i = 0; i < statements.size(); i++) {
                        sql.append(statements.get(i)).append(separators.get(i));
                    }
                    return sql.toString();
                }));
    }

    @Provide
    Arbitrary<String> mutatedQueries() {
        return Combinators.combine(queries(), Arbitraries.integers().between(0, 1000), tricky())
                .as((sql, at, inserted) -> {
                    int position = at % (sql.length() + 1);
                    return sql.substring(0, position) + inserted + sql.substring(position);
                });
    }

    private static Arbitrary<String> statement() {
        return Combinators.combine(literal().list().ofMinSize(1).ofMaxSize(4), noise()).as((literals, noise) ->
                "SELECT " + String.join(", ", literals) + noise);
    }

    private static Arbitrary<String> separator() {
        return Arbitraries.of(";", " ; ", ";\n", ";;", "; -- done\n", " /* end; */ ;");
    }

    private static Arbitrary<String> noise() {
        return Arbitraries.of("", " ", "\n", " -- a comment ; with a semicolon\n", " /* a ; /* nested ; */ comment */ ",
                " --\r", "\t", " /**/");
    }

    /** Expressions that put statement separators, quotes and comment markers inside tokens. */
    private static Arbitrary<String> literal() {
        Arbitrary<String> body = tricky().list().ofMaxSize(6).map(parts -> String.join("", parts));
        Arbitrary<String> tag = Arbitraries.of("", "a", "tag", "_x1", "é");
        return Arbitraries.oneOf(
                body.map(text -> "'" + text.replace("'", "''").replace("\\", "") + "'"),
                body.map(text -> "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"),
                Combinators.combine(tag, body).as((t, text) -> "$" + t + "$" + text.replace("$" + t + "$", "") + "$" + t + "$"),
                body.map(text -> "1 AS \"" + text.replace("\"", "\"\"").replace("\u0000", "") + "x\""),
                Arbitraries.of("1", "1.5e3", ".5", "0", "1::int", "-1", "1+-1", "2*/**/3", "'a' || 'b'", "U&'\\0041'",
                        "B'101'", "X'ff'", "ARRAY[1,2][1]", "(SELECT 1)", "$$;$$", "'x'\n'y'", "'x' /*c*/ ", "1 -- c\n"));
    }

    private static Arbitrary<String> tricky() {
        return Arbitraries.of(";", "'", "''", "\\", "\\'", "$", "$$", "$a$", "--", "/*", "*/", "\n", "\r", " ", "\"",
                "a", "1", "é", "E'", "U&");
    }
}
