package dev.airlock.approver.credential;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCRAM-SHA-256 verifier in PostgreSQL's format,
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64 fields). Airlock keeps
 * verifiers, never passwords: a verifier lets it check a client's proof without being able to
 * impersonate the client.
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final int SALT_LENGTH = 16;
    private static final Pattern FORMAT = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    public static ScramVerifier parse(String text) {
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier (expected SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        try {
            int iterations = Integer.parseInt(matcher.group(1));
            byte[] storedKey = base64.decode(matcher.group(3));
            byte[] serverKey = base64.decode(matcher.group(4));
            if (iterations < 1 || storedKey.length != 32 || serverKey.length != 32) {
                throw new IllegalArgumentException("SCRAM-SHA-256 verifier has invalid iterations or key lengths");
            }
            return new ScramVerifier(iterations, base64.decode(matcher.group(2)), storedKey, serverKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SCRAM-SHA-256 verifier is malformed: " + e.getMessage(), e);
        }
    }

    /** Derives a verifier from a password with a fresh random salt, as PostgreSQL's {@code password_encryption}. */
    public static ScramVerifier fromPassword(char[] password, SecureRandom random) {
        byte[] salt = ScramFunctions.salt(SALT_LENGTH, random);
        byte[] salted = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256,
                StringPreparation.POSTGRESQL_PREPARATION, password, salt, DEFAULT_ITERATIONS);
        byte[] clientKey = ScramFunctions.clientKey(ScramMechanism.SCRAM_SHA_256, salted);
        return new ScramVerifier(DEFAULT_ITERATIONS, salt,
                ScramFunctions.storedKey(ScramMechanism.SCRAM_SHA_256, clientKey),
                ScramFunctions.serverKey(ScramMechanism.SCRAM_SHA_256, salted));
    }

    public String format() {
        Base64.Encoder base64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + "]";
    }
}
