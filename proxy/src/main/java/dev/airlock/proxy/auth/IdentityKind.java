package dev.airlock.proxy.auth;

/** What an identity may do. Applications are read-only: every change they send is refused. */
public enum IdentityKind {
    APPLICATION
}
