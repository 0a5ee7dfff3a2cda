package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AirlockMainTest {

    /** picocli builds every subcommand when the CLI starts; `airlock serve` must not pay for the API client's threads. */
    @Test
    void buildingTheCommandLineStartsNoHttpClient() {
        long before = httpClientThreads();

        AirlockMain.commandLine();

        assertThat(httpClientThreads()).isEqualTo(before);
    }

    private static long httpClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("HttpClient-"))
                .count();
    }
}
