package dev.airlock.proxy.auth;

/**
 * What an identity may do. Applications are read-only: every change they send is refused. Agents'
 * changes are run in their task's sandbox and held for a reviewer; their reads are proven as an
 * application's are.
 */
public enum IdentityKind {
    APPLICATION,
    AGENT
}
