package dev.airlock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.net.Transport;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transport Airlock can run on relays, speaks TLS and forwards a cancel to production. The
 * other tests run on the machine's default (io_uring where the kernel allows it); these pin each.
 */
class TransportsIT {
    private static final String QUERY = "SELECT film_id, title, rental_rate FROM film WHERE film_id <= ? ORDER BY film_id";

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void relaysOverTlsAndForwardsCancelsOn(String transport) throws Exception {
        Assumptions.assumeTrue(isAvailable(transport), transport + " is not available on this machine");
        try (TestAirlock airlock = TestAirlock.start(TestProduction.PAGILA, Map.of(Setting.LISTEN_TRANSPORT, transport))) {
            assertThat(airlock.server().transport().label()).isEqualTo(transport);
            try (Connection relayed = airlock.connect("sslmode=require&prepareThreshold=1");
                 Connection direct = TestProduction.get().readOnlyConnection(TestProduction.PAGILA)) {
                List<List<String>> expected = Rows.query(direct, QUERY, 30);
                for (int round = 0; round < 3; round++) {
                    assertThat(Rows.query(relayed, QUERY, 30)).isEqualTo(expected);
                }
            }
            try (Connection relayed = airlock.connect()) {
                CancelCheck.cancelStopsALongQuery(relayed);
            }
        }
    }

    private static boolean isAvailable(String transport) {
        try {
            Transport.select(transport);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
