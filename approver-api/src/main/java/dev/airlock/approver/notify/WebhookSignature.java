package dev.airlock.approver.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed, so its receiver can tell it came from this Airlock and was not
 * replayed later: header {@value #HEADER} is {@code t=<unix seconds>,v1=<hex>}, where the hex is
 * HMAC-SHA-256, keyed with the webhook's secret, of the seconds, a full stop and the body's bytes.
 * A receiver recomputes it, compares in constant time and refuses an old {@code t}.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Airlock-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hex(secret, epochSeconds, body);
    }

    /** The hex HMAC of {@code <seconds>.<body>}. */
    public static String hex(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
