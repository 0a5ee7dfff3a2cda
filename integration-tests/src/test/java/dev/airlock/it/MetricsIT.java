package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a real proxy and control plane sharing one registry: what clients did
 * (a read relayed, a write refused, an agent's change held and filed, a wrong password) shows up
 * as the counts, gauges and timings Prometheus scrapes.
 */
class MetricsIT {
    private static final String AGENT = "metered";
    private static final String AGENT_PASSWORD = "metered-agent-secret";

    private static AgentWorld world;

    @BeforeAll
    static void start() throws Exception {
        Identity agent = new Identity(AGENT, IdentityKind.AGENT,
                ScramVerifier.fromPassword(AGENT_PASSWORD.toCharArray(), new SecureRandom()), "ops",
                new TaskFacts("metrics-task", "counted", new TaskFacts.Scope(List.of("public"), List.of(),
                        List.of("public.*"), List.of("ddl_change"))), HoldMode.NOTICE, false);
        world = AgentWorld.start("metrics_it", List.of(agent), Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void whatClientsDidIsCounted() throws Exception {
        assertThatThrownBy(() -> world.airlock.connectAs(TestAirlock.APPLICATION, "wrong-password", ""))
                .isInstanceOf(SQLException.class);
        try (Connection application = world.airlock.connect(); Statement statement = application.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM notes").close();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM notes")).isInstanceOf(SQLException.class);
            try (Connection agent = world.airlock.connectAs(AGENT, AGENT_PASSWORD, "");
                 Statement change = agent.createStatement()) {
                change.execute("CREATE INDEX notes_metered_idx ON notes (id)");
                world.awaitPending("notes_metered_idx");

                String metrics = scrape();
                assertThat(value(metrics, "airlock_sessions{kind=\"application\"}")).isEqualTo(1);
                assertThat(value(metrics, "airlock_sessions{kind=\"agent\"}")).isEqualTo(1);
                assertThat(value(metrics, "airlock_client_connections")).isEqualTo(2);
            }
        }
        String metrics = scrape();
        assertThat(value(metrics, "airlock_authentications_total{outcome=\"failed\"}")).isEqualTo(1);
        assertThat(value(metrics, "airlock_authentications_total{outcome=\"succeeded\"}")).isEqualTo(2);
        assertThat(value(metrics, "airlock_statements_total{decision=\"refused\",kind=\"dml_change\"}")).isEqualTo(1);
        assertThat(value(metrics, "airlock_statements_total{decision=\"held\",kind=\"ddl_change\"}")).isEqualTo(1);
        assertThat(value(metrics, "airlock_statements_total{decision=\"relayed\",kind=\"read\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "airlock_gate_decision_seconds_count")).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, "airlock_sandbox_filing_seconds_count{outcome=\"filed\"}")).isEqualTo(1);
        assertThat(value(metrics, "airlock_changes{state=\"pending\"}")).isEqualTo(1);
        assertThat(value(metrics, "airlock_production_connections{state=\"open\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "airlock_audit_records_written_total")).isGreaterThanOrEqualTo(3);
        assertThat(metrics).contains("airlock_audit_backlog_records").contains("airlock_gate_decision_seconds_bucket{")
                .containsPattern("(?m)^netty_allocator_memory_used\\{.*memory_type=\"direct\".*\\} [0-9.E]+$");
        assertThat(metrics).as("no statement text or identity names in the metrics").doesNotContain("notes")
                .doesNotContain(AGENT);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + world.controlPlane.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(line.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
