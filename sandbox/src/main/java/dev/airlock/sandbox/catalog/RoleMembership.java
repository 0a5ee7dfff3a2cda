package dev.airlock.sandbox.catalog;

/** {@code member} is a member of {@code role}; grantors are not modelled. */
public record RoleMembership(String role, String member, boolean adminOption) {
}
