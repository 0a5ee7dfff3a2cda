package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A record's hash is the encoding {@link AuditChain} documents, byte for byte: records stored by
 * earlier versions must keep verifying. The expected hash was computed outside Airlock (Python's
 * hashlib over the documented encoding), so a change to the encoding cannot pass unnoticed.
 */
class AuditChainTest {
    @Test
    void aRecordsHashIsTheDocumentedEncoding() {
        AuditEvent event = new AuditEvent(Instant.parse("2026-12-06T04:40:12.123456789Z"), AuditKind.STATEMENT, "robot",
                "42", null, "{\"sql\":\"SELECT ? FROM café\"}");

        AuditRecord record = new AuditChain().link(7, AuditChain.GENESIS, event);

        assertThat(record.at()).isEqualTo(Instant.parse("2026-12-06T04:40:12.123456Z"));
        assertThat(record.hash()).isEqualTo("6665478be93c875b47a39406c0cb1a212c36c31290ab614ba5603b11d43f9cd3");
    }
}
