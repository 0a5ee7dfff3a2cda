package dev.airlock.sandbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleDatabasesIT {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start("samples-it", Map.of());
        server.execute("postgres", "CREATE DATABASE pagila");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagilaLoadsWithAllRowsOfTheDump() throws Exception {
        try (Connection connection = server.superuserConnection("pagila")) {
            SampleDatabases.loadPagilaSchema(connection);
            SampleDatabases.loadPagilaData(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet counts = statement.executeQuery(
                         "SELECT (SELECT count(*) FROM public.film), (SELECT count(*) FROM public.rental),"
                                 + " (SELECT count(*) FROM public.payment), (SELECT last_value FROM public.film_film_id_seq)")) {
                counts.next();
                assertThat(counts.getLong(1)).isEqualTo(1000);
                assertThat(counts.getLong(2)).isEqualTo(16044);
                assertThat(counts.getLong(3)).isPositive();
                assertThat(counts.getLong(4)).isEqualTo(1000);
            }
        }
    }
}
