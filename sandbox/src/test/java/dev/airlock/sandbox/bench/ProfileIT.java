package dev.airlock.sandbox.bench;

import dev.airlock.sandbox.catalog.read.CatalogReader;
import dev.airlock.sandbox.support.SharedServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServers.class)
class ProfileIT {
    @Test
    void profile() throws Exception {
        SharedServers.production().execute("postgres", "CREATE DATABASE prof");
        SharedServers.production().execute("prof", SchemaGenerator.generate(1000));
        try (var c = SharedServers.production().superuserConnection("prof")) {
            for (int i = 0; i < 8; i++) {
                long s = System.nanoTime();
                var snap = CatalogReader.readAsIs(c, Duration.ofSeconds(30));
                System.err.println("TOTAL " + (System.nanoTime() - s) / 1_000_000);
                if (i == 6) {
                    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.airlock.sandbox.catalog.read"))
                            .setLevel(ch.qos.logback.classic.Level.DEBUG);
                }
            }
        }
    }
}
