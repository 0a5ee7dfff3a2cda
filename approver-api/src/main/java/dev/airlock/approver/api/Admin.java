package dev.airlock.approver.api;

import java.util.Objects;

/**
 * Someone who runs Airlock: starts and ends tasks, disables and enables agents. A name and the
 * SHA-256 of the bearer token they present; an admin's token does not approve changes.
 */
public record Admin(String name, String tokenSha256) {
    public Admin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an admin needs a name");
        }
        tokenSha256 = BearerTokens.checkedHash("admin " + name, tokenSha256);
    }
}
