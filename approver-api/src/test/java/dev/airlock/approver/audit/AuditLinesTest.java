package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored lines give back exactly the records written, one line each, whatever their payloads hold. */
class AuditLinesTest {
    private static final Instant AT = Instant.parse("2026-12-06T05:00:00.000001Z");

    @Test
    void everyPayloadComesBackAsWrittenOnALineOfItsOwn() {
        String repeated = "{\"sql\":\"SELECT \\\"a\\\\b\\\" FROM t\\nWHERE x = '\u2028'\",\"note\":\"tab\there ☃ \uD83D\uDE80\"}";
        String control = "{\"sql\":\"" + (char) 1 + (char) 31 + "\r\n\"}";
        AuditChain chain = new AuditChain();
        List<AuditRecord> records = List.of(
                chain.link(1, AuditChain.GENESIS, event(repeated)),
                chain.link(2, "a".repeat(64), event(control)),
                chain.link(3, "b".repeat(64), event(repeated)),
                chain.link(4, "c".repeat(64), event(new String(repeated))));

        List<String> lines = AuditLines.text(records).lines().toList();

        assertThat(lines).hasSize(records.size());
        assertThat(lines.stream().map(AuditLines::parse).toList()).isEqualTo(records);
    }

    private static AuditEvent event(String payload) {
        return new AuditEvent(AT, AuditKind.STATEMENT, "robot", "7", null, payload);
    }
}
