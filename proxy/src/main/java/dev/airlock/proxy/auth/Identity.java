package dev.airlock.proxy.auth;

/** Someone who may connect to Airlock: a name, a kind, and the verifier of their credential. */
public record Identity(String name, IdentityKind kind, ScramVerifier verifier) {
}
