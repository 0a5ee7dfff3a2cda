package dev.airlock.proxy.auth;

import dev.airlock.approver.credential.ScramVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifiers for user names that do not exist. The salt is an HMAC of the name under a secret made
 * at start-up, so asking twice about the same name gives the same salt, as it would for a real
 * user; the keys are random, so no proof ever matches.
 */
public final class MockVerifiers {
    private final byte[] secret;
    private final SecureRandom random;

    public MockVerifiers(SecureRandom random) {
        this.random = random;
        this.secret = new byte[32];
        random.nextBytes(secret);
    }

    public ScramVerifier forUser(String user) {
        byte[] storedKey = new byte[32];
        byte[] serverKey = new byte[32];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        return new ScramVerifier(ScramVerifier.DEFAULT_ITERATIONS, saltFor(user), storedKey, serverKey);
    }

    private byte[] saltFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
