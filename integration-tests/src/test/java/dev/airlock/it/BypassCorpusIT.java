package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Every entry of the bypass corpus against real PostgreSQL loaded with the corpus fixtures, as an
 * application session. SQL entries are sent as one simple Query, exactly as written. After each,
 * the test checks on the server that nothing changed: rows, sequences, objects, roles, settings,
 * files, locks, statistics, other sessions (a victim connection stays alive) and listeners (no
 * notification arrives).
 */
class BypassCorpusIT {
    @RegisterExtension
    static final AirlockPerClass airlock = new AirlockPerClass(TestProduction.CORPUS);
    private static final TestProduction production = TestProduction.get();

    @TestFactory
    Stream<DynamicTest> everyEntryHasItsExpectedOutcome() {
        return CorpusEntry.load().stream().map(entry -> DynamicTest.dynamicTest(entry.toString(), () -> check(entry)));
    }

    private void check(CorpusEntry entry) throws Exception {
        String before = ProductionState.of(production);
        try (Connection victim = production.superuserConnection(TestProduction.CORPUS);
             Statement victimStatement = victim.createStatement()) {
            victimStatement.execute("SET application_name = 'victim'; LISTEN jobs");
            if (entry.isProtocol()) {
                ProtocolCorpusCases.Check check = ProtocolCorpusCases.CHECKS.get(entry.id());
                assertThat(check).as("a check for protocol entry " + entry.id()).isNotNull();
                check.run(airlock.port());
            } else {
                checkSql(entry);
            }
            victimStatement.execute("SELECT 1");
            assertThat(victim.unwrap(PGConnection.class).getNotifications()).as("notifications to listeners").isNullOrEmpty();
        }
        assertThat(ProductionState.of(production)).as("production after " + entry.id()).isEqualTo(before);
    }

    private static void checkSql(CorpusEntry entry) throws Exception {
        try (RawPgClient client = RawPgClient.authenticated(airlock.port(), TestProduction.CORPUS)) {
            client.query(entry.input());
            List<Message> replies = client.readUntilReady();
            Message error = replies.stream().filter(m -> m.type() == 'E').findFirst().orElse(null);
            switch (entry.expected()) {
                case "pass" -> assertThat(error == null ? "" : error.fields().get('M'))
                        .as("a read that must reach production (production's own errors are fine)").doesNotContain("Airlock");
                case "hold" -> {
                    assertThat(error).as("refusal").isNotNull();
                    assertThat(error.sqlState()).as(error.fields().get('M')).isEqualTo("25006");
                }
                case "reject" -> {
                    assertThat(error).as("refusal").isNotNull();
                    assertThat(error.sqlState()).as(error.fields().get('M')).isEqualTo(entry.rejectState());
                }
                default -> throw new IllegalStateException("unknown expected outcome " + entry.expected());
            }
            ProtocolCorpusCases.assertStillReadOnly(client);
        }
    }
}
