package dev.airlock.approver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    /** The chain hashes this text, so it must be Instant.toString's exactly, whatever came before in the same second. */
    @Test
    void everyInstantReadsAsInstantToStringDoes() {
        Random random = new Random(20261206);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00.5Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN,
                Instant.MAX));
        for (int i = 0; i < 20_000; i++) {
            long second = 1_700_000_000L + random.nextInt(100);
            int nanos = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> random.nextInt(10) * 100_000_000;
            };
            instants.add(Instant.ofEpochSecond(second, nanos));
            if (random.nextInt(50) == 0) {
                instants.add(Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(1_000_000_000)));
            }
        }
        InstantText text = new InstantText();

        for (Instant at : instants) {
            assertThat(text.of(at)).as("%s", at).isEqualTo(at.toString());
        }
    }
}
