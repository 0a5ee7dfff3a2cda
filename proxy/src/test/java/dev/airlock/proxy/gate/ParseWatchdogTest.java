package dev.airlock.proxy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.gate.StructureCheck.Outcome;
import dev.airlock.proxy.lexer.Lexer;
import dev.airlock.proxy.lexer.Token;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParseWatchdogTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final StructureCheck structure = new StructureCheck(Duration.ofMillis(50), scheduler);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void everyPathologicalParseIsStoppedAndNothingTicksBetweenParses() throws InterruptedException {
        List<Token> pathological = Lexer.tokenize("SELECT 1" + "+1".repeat(300_000), true);
        assertThat(scheduler.getQueue()).as("ticks before any parse").isEmpty();
        for (int parse = 0; parse < 3; parse++) {
            long started = System.nanoTime();
            assertThat(structure.check(pathological)).isEqualTo(Outcome.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            awaitNoTicks();
        }
        assertThat(structure.check(Lexer.tokenize("SELECT a FROM t WHERE b = 1", true))).isEqualTo(Outcome.QUERY);
    }

    private void awaitNoTicks() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!scheduler.getQueue().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(scheduler.getQueue()).as("ticks after the parse ended").isEmpty();
    }
}
