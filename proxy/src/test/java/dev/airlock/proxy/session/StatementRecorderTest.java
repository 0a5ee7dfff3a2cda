package dev.airlock.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.approver.audit.AuditEvent;
import dev.airlock.approver.audit.AuditKind;
import dev.airlock.proxy.gate.Classification;
import dev.airlock.proxy.gate.StatementDecision;
import dev.airlock.proxy.gate.StatementKind;
import dev.airlock.proxy.lexer.StatementSplitter;
import dev.airlock.proxy.log.AuditTrail;
import dev.airlock.proxy.log.StatementLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run of a statement is its own audit record, with exactly what was decided about that run. */
class StatementRecorderTest {
    private static final Classification READ = Classification.of(StatementKind.READ, "proven read");

    @TempDir
    Path directory;
    private final List<AuditEvent> audited = new ArrayList<>();
    private StatementLog statementLog;

    @AfterEach
    void closeLog() {
        statementLog.close();
    }

    @Test
    void eachRunIsRecordedWithWhatWasDecidedAboutIt() {
        StatementRecorder recorder = recorder(false);
        ExecutionRecords.Decided prepared = new ExecutionRecords.Decided(decision("SELECT 1", "SELECT ?", READ), "relay", null);
        for (int run = 0; run < 3; run++) {
            assertThat(recorder.executed(prepared)).isTrue();
        }
        assertThat(recorder.executed(new ExecutionRecords.Decided(decision("SELECT 2 FROM t", "SELECT ? FROM t", READ),
                "relay", null))).isTrue();
        assertThat(recorder.executed(new ExecutionRecords.Decided(decision("SELECT 1", "SELECT ?", READ), "hold", null)))
                .isTrue();
        assertThat(recorder.executed(new ExecutionRecords.Decided(decision("SELECT 1", "SELECT ?", READ), "hold", "night")))
                .isTrue();
        Classification other = Classification.of(StatementKind.READ, "another reason");
        assertThat(recorder.executed(new ExecutionRecords.Decided(decision("SELECT 1", "SELECT ?", other), "hold", "night")))
                .isTrue();

        assertThat(audited).allSatisfy(event -> assertThat(event.kind()).isEqualTo(AuditKind.STATEMENT));
        assertThat(audited).extracting(AuditEvent::payloadJson).containsExactly(
                payload("SELECT ?", "relay", "proven read", null),
                payload("SELECT ?", "relay", "proven read", null),
                payload("SELECT ?", "relay", "proven read", null),
                payload("SELECT ? FROM t", "relay", "proven read", null),
                payload("SELECT ?", "hold", "proven read", null),
                payload("SELECT ?", "hold", "proven read", "night"),
                payload("SELECT ?", "hold", "another reason", "night"));
    }

    @Test
    void hashedTextsDifferWhenOnlyTheirLiteralsDo() {
        StatementRecorder recorder = recorder(true);
        recorder.executed(new ExecutionRecords.Decided(decision("SELECT 1", "SELECT ?", READ), "relay", null));
        recorder.executed(new ExecutionRecords.Decided(decision("SELECT 2", "SELECT ?", READ), "relay", null));
        recorder.executed(new ExecutionRecords.Decided(decision("SELECT 2", "SELECT ?", READ), "relay", null));
        List<String> payloads = audited.stream().map(AuditEvent::payloadJson).toList();
        assertThat(payloads.get(0)).startsWith("{\"sql_sha256\":").isNotEqualTo(payloads.get(1));
        assertThat(payloads.get(2)).isEqualTo(payloads.get(1));
    }

    private StatementRecorder recorder(boolean hashText) {
        statementLog = StatementLog.open(directory.resolve("statements.log"), 1 << 20, 1);
        AuditTrail trail = new AuditTrail(Optional.of(audited::add), hashText);
        SessionMetrics metrics = new SessionMetrics(new SimpleMeterRegistry(), new AtomicInteger(), null);
        return new StatementRecorder(statementLog, trail, "robot", 7, hashText, metrics);
    }

    private static StatementDecision decision(String text, String fingerprint, Classification classification) {
        return new StatementDecision(StatementSplitter.split(text, true).get(0), classification, fingerprint);
    }

    private static String payload(String sql, String decision, String reason, String rule) {
        return "{\"sql\":\"" + sql + "\",\"kind\":\"READ\",\"decision\":\"" + decision + "\",\"reason\":\"" + reason + "\""
                + (rule == null ? "" : ",\"rule\":\"" + rule + "\"") + ",\"writes\":[]}";
    }
}
