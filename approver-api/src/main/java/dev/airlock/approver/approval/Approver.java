package dev.airlock.approver.approval;

import dev.airlock.approver.api.BearerTokens;
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
        tokenSha256 = BearerTokens.checkedHash("approver " + name, tokenSha256);
    }
}
