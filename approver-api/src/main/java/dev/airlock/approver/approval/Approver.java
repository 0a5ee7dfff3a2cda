package dev.airlock.approver.approval;

import dev.airlock.approver.api.BearerTokens;
import java.util.Objects;
import java.util.Set;

/**
 * A human who may approve or reject changes: a name, and the SHA-256 (lower-case hex) of the
 * bearer token they present (the token itself is never stored), and the groups they belong to
 * ({@code dba}, say), which policy approval rules may require.
 */
public record Approver(String name, String tokenSha256, Set<String> groups) {
    public Approver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        groups = Set.copyOf(groups);
        if (name.isBlank()) {
            throw new IllegalArgumentException("an approver needs a name");
        }
        tokenSha256 = BearerTokens.checkedHash("approver " + name, tokenSha256);
    }

    /** An approver in no group: counts toward changes whose policy rule names no group. */
    public Approver(String name, String tokenSha256) {
        this(name, tokenSha256, Set.of());
    }
}
