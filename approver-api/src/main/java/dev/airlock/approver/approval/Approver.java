package dev.airlock.approver.approval;

import java.util.Locale;
import java.util.Objects;

/**
 * A human who may approve or reject changes: a name, and the SHA-256 (lower-case hex) of the
 * bearer token they present. The token itself is never stored.
 */
public record Approver(String name, String tokenSha256) {
    public Approver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an approver needs a name");
        }
        tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
        if (!tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("approver " + name + ": the token hash must be 64 hex digits (SHA-256)");
        }
    }
}
