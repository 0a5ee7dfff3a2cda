package dev.airlock.proxy.auth;

import dev.airlock.approver.credential.ScramVerifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ClientFirstMessage;
import dev.airlock.proxy.protocol.PgException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server side of SCRAM, driven by the same client library pgjdbc uses. */
class ScramServerExchangeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScramVerifier VERIFIER = ScramVerifier.fromPassword("s3cret".toCharArray(), RANDOM);
    private static final MockVerifiers MOCKS = new MockVerifiers(RANDOM);
    private static final byte[] BINDING = "certificate-hash-of-airlock".getBytes(StandardCharsets.UTF_8);

    private static ScramClient client(String password, byte[] binding, List<String> mechanisms) {
        ScramClient.FinalBuildStage builder = ScramClient.builder().advertisedMechanisms(mechanisms)
                .username("*").password(password.toCharArray());
        if (binding != null) {
            builder.channelBinding("tls-server-end-point", binding);
        }
        return builder.build();
    }

    private static void exchange(ScramServerExchange server, ScramClient client) throws Exception {
        byte[] serverFirst = server.onClientFirst(client.getScramMechanism().getName(),
                client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8));
        client.serverFirstMessage(new String(serverFirst, StandardCharsets.UTF_8));
        byte[] serverFinal = server.onClientFinal(client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        client.serverFinalMessage(new String(serverFinal, StandardCharsets.UTF_8));
    }

    @Test
    void theRightPasswordAuthenticatesAndTheServerProvesItKnowsTheVerifier() throws Exception {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, null, RANDOM);
        assertThat(server.mechanisms()).containsExactly("SCRAM-SHA-256");
        exchange(server, client("s3cret", null, server.mechanisms()));
    }

    @Test
    void aWrongPasswordFailsWith28P01() {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, null, RANDOM);
        assertThatThrownBy(() -> exchange(server, client("wrong", null, server.mechanisms())))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("28P01"));
    }

    @Test
    void anUnknownUserGoesThroughTheSameExchangeAndFailsTheSameWay() {
        ScramServerExchange server = ScramServerExchange.begin("ghost", null, MOCKS, null, RANDOM);
        ScramClient client = client("anything", null, server.mechanisms());
        byte[] first = server.onClientFirst("SCRAM-SHA-256", client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(first, StandardCharsets.UTF_8)).matches("r=.+,s=.+,i=4096");
        assertThatThrownBy(() -> {
            client.serverFirstMessage(new String(first, StandardCharsets.UTF_8));
            server.onClientFinal(client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        }).isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getMessage())
                .isEqualTo("password authentication failed for user \"ghost\""));
    }

    /**
     * asyncpg takes the salt and the iteration count from the first {@code s=} and {@code i=} anywhere
     * in the server-first-message, nonce included. PostgreSQL's nonce is base64, which never holds
     * {@code =} before its end, so Airlock's must be too.
     */
    @Test
    void theServersPartOfTheNonceIsBase64AsPostgresqlSends() {
        for (int i = 0; i < 2_000; i++) {
            ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, null, RANDOM);
            ClientFirstMessage clientFirst = client("s3cret", null, server.mechanisms()).clientFirstMessage();
            String serverFirst = new String(server.onClientFirst("SCRAM-SHA-256",
                    clientFirst.toString().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

            String nonce = serverFirst.substring("r=".length(), serverFirst.indexOf(','));
            assertThat(nonce).startsWith(clientFirst.getClientNonce());
            assertThat(nonce.substring(clientFirst.getClientNonce().length())).matches("[A-Za-z0-9+/]{24}");
        }
    }

    @Test
    void theMockSaltOfAnUnknownUserIsStable() {
        assertThat(MOCKS.forUser("ghost").salt()).isEqualTo(MOCKS.forUser("ghost").salt())
                .isNotEqualTo(MOCKS.forUser("phantom").salt());
    }

    @Test
    void channelBindingSucceedsWithTheSameCertificate() throws Exception {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, BINDING, RANDOM);
        assertThat(server.mechanisms()).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
        exchange(server, client("s3cret", BINDING, server.mechanisms()));
    }

    @Test
    void channelBindingFailsWhenTheClientSawAnotherCertificate() {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, BINDING, RANDOM);
        byte[] intercepted = "certificate-of-a-man-in-the-middle".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> exchange(server, client("s3cret", intercepted, server.mechanisms())))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("08P01"));
    }

    @Test
    void aClientThatClaimsTheServerCannotBindIsADowngrade() {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, BINDING, RANDOM);
        assertThatThrownBy(() -> server.onClientFirst("SCRAM-SHA-256", "y,,n=,r=abcdef".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("08P01"));
    }

    @Test
    void authorizationIdentitiesAndExtensionsAreRefused() {
        ScramServerExchange server = ScramServerExchange.begin("app", VERIFIER, MOCKS, null, RANDOM);
        assertThatThrownBy(() -> server.onClientFirst("SCRAM-SHA-256", "n,a=admin,n=,r=abc".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("0A000"));
        assertThatThrownBy(() -> server.onClientFirst("SCRAM-SHA-256", "n,,m=ext,n=,r=abc".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState().code()).isEqualTo("08P01"));
    }

    @Test
    void verifiersRoundTripThroughPostgresFormat() {
        ScramVerifier parsed = ScramVerifier.parse(VERIFIER.format());
        assertThat(parsed.storedKey()).isEqualTo(VERIFIER.storedKey());
        assertThat(parsed.serverKey()).isEqualTo(VERIFIER.serverKey());
        assertThat(parsed.salt()).isEqualTo(VERIFIER.salt());
        assertThat(parsed.iterations()).isEqualTo(4096);
        assertThatThrownBy(() -> ScramVerifier.parse("md5abcdef")).hasMessageContaining("not a SCRAM-SHA-256 verifier");
    }
}
