package dev.airlock.proxy.auth;

import dev.airlock.approver.credential.ScramVerifier;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.ServerFinalMessage;
import com.ongres.scram.common.ServerFirstMessage;
import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The server side of one SCRAM-SHA-256 authentication (RFC 5802, RFC 7677, with PostgreSQL's
 * conventions: the user name comes from the StartupMessage and the SCRAM {@code n=} attribute is
 * ignored; authorization identities are not supported).
 *
 * <pre>
 * client                                 Airlock
 *   SASLInitialResponse(client-first)  →
 *                                      ←  AuthenticationSASLContinue(server-first: r, s, i)
 *   SASLResponse(client-final: c, r, p) →
 *                                      ←  AuthenticationSASLFinal(v) then AuthenticationOk
 * </pre>
 *
 * <p>For an unknown user the exchange runs against a mock verifier whose salt is derived from the
 * user name, so the messages look the same as for a real user and the proof simply fails: the
 * client learns nothing about which names exist. With TLS, {@code SCRAM-SHA-256-PLUS} is offered
 * and the {@code tls-server-end-point} binding is checked, so a man in the middle cannot relay the
 * exchange.
 */
public final class ScramServerExchange {
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";
    private static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    /** PostgreSQL's length (SCRAM_RAW_NONCE_LEN), sent base64-encoded as it does. */
    private static final int NONCE_BYTES = 18;

    private final String user;
    private final ScramVerifier verifier;
    private final boolean knownUser;
    private final byte[] channelBindingData;
    private final SecureRandom random;

    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String expectedChannelBinding;

    private ScramServerExchange(String user, ScramVerifier verifier, boolean knownUser, byte[] channelBindingData,
            SecureRandom random) {
        this.user = user;
        this.verifier = verifier;
        this.knownUser = knownUser;
        this.channelBindingData = channelBindingData;
        this.random = random;
    }

    /**
     * @param verifier the user's verifier, or null for an unknown user
     * @param channelBindingData tls-server-end-point data of Airlock's certificate, or null without TLS
     */
    public static ScramServerExchange begin(String user, ScramVerifier verifier, MockVerifiers mocks,
            byte[] channelBindingData, SecureRandom random) {
        boolean known = verifier != null;
        return new ScramServerExchange(user, known ? verifier : mocks.forUser(user), known, channelBindingData, random);
    }

    /** Mechanisms to advertise in AuthenticationSASL, strongest first. */
    public List<String> mechanisms() {
        return channelBindingData == null ? List.of(SCRAM_SHA_256) : List.of(SCRAM_SHA_256_PLUS, SCRAM_SHA_256);
    }

    /** Handles SASLInitialResponse; returns the server-first-message. */
    public byte[] onClientFirst(String mechanism, byte[] data) {
        if (!mechanisms().contains(mechanism)) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                    "client selected an invalid SASL authentication mechanism \"" + mechanism + "\"");
        }
        ClientFirstMessage clientFirst = ClientFirstMessage.parse(new String(data, StandardCharsets.UTF_8));
        if (clientFirst.authorizationId() != null) {
            throw PgException.fatal(SqlState.FEATURE_NOT_SUPPORTED, "client uses authorization identity, but it is not supported");
        }
        checkChannelBinding(mechanism, clientFirst);
        clientFirstBare = clientFirst.bare();
        String serverNonce = serverNonce();
        nonce = clientFirst.nonce() + serverNonce;
        serverFirst = new ServerFirstMessage(clientFirst.nonce(), serverNonce,
                Base64.getEncoder().encodeToString(verifier.salt()), verifier.iterations()).toString();
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Random bytes in base64, as PostgreSQL makes its part of the nonce. RFC 5802 allows any printable
     * character but a comma, but clients are written against PostgreSQL: asyncpg (0.27, Debian's)
     * finds the salt and the iteration count by searching the whole server-first-message for
     * {@code s=} and {@code i=}, so a nonce holding either pair failed one connection in a few hundred
     * with 28P01.
     */
    private String serverNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void checkChannelBinding(String mechanism, ClientFirstMessage clientFirst) {
        byte[] header = clientFirst.gs2Header().getBytes(StandardCharsets.UTF_8);
        if (mechanism.equals(SCRAM_SHA_256_PLUS)) {
            if (clientFirst.bindingFlag() != 'p' || !TLS_SERVER_END_POINT.equals(clientFirst.bindingName())) {
                throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "SCRAM channel binding negotiation error: SCRAM-SHA-256-PLUS needs tls-server-end-point binding");
            }
            byte[] input = new byte[header.length + channelBindingData.length];
            System.arraycopy(header, 0, input, 0, header.length);
            System.arraycopy(channelBindingData, 0, input, header.length, channelBindingData.length);
            expectedChannelBinding = Base64.getEncoder().encodeToString(input);
            return;
        }
        if (clientFirst.bindingFlag() == 'p') {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                    "SCRAM channel binding negotiation error: binding requested with a mechanism that has none");
        }
        if (clientFirst.bindingFlag() == 'y' && channelBindingData != null) {
            // The client supports binding and believes the server does not, yet it was offered: a downgrade.
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION,
                    "SCRAM channel binding negotiation error: client thinks the server lacks channel binding");
        }
        expectedChannelBinding = Base64.getEncoder().encodeToString(header);
    }

    /** Handles the SASLResponse with the client-final-message; returns the server-final-message. */
    public byte[] onClientFinal(byte[] data) {
        if (serverFirst == null) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "SCRAM client-final-message before client-first-message");
        }
        String message = new String(data, StandardCharsets.UTF_8);
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw malformed("client-final-message", "proof is missing");
        }
        String withoutProof = message.substring(0, proofAt);
        byte[] proof = decode(message.substring(proofAt + 3), "proof");
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw malformed("client-final-message", "expected c= and r= attributes");
        }
        if (!constantTimeEquals(attributes[0].substring(2), expectedChannelBinding)) {
            throw PgException.fatal(SqlState.PROTOCOL_VIOLATION, "SCRAM channel binding check failed");
        }
        if (!constantTimeEquals(attributes[1].substring(2), nonce)) {
            throw failed();
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        boolean proofMatches = proof.length == verifier.storedKey().length
                && ScramFunctions.verifyClientProof(ScramMechanism.SCRAM_SHA_256, proof, verifier.storedKey(), authMessage);
        if (!proofMatches || !knownUser) {
            throw failed();
        }
        byte[] serverSignature = ScramFunctions.serverSignature(ScramMechanism.SCRAM_SHA_256, verifier.serverKey(), authMessage);
        return new ServerFinalMessage(serverSignature).toString().getBytes(StandardCharsets.UTF_8);
    }

    private PgException failed() {
        return PgException.fatal(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }

    private static PgException malformed(String what, String why) {
        return PgException.fatal(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message: " + what + ": " + why);
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw malformed("client-final-message", what + " is not base64");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
