package dev.airlock.sandbox.access;

/**
 * A change in effective access: {@code role} (or PUBLIC) gained or lost {@code privilege} on
 * {@code object}, and {@code via} says through what (a direct grant, ownership, membership in a
 * role, a predefined role, or default privileges for objects not created yet).
 */
public record AccessChange(String role, String objectKind, String object, String privilege, Change change, String via) {
    public enum Change { GAINED, LOST }
}
