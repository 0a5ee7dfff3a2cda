package dev.airlock.approver.api;

import java.util.Set;

/**
 * Whoever presented a bearer token: an approver (reviews changes) or an admin (runs tasks and
 * agents), by name, with an approver's groups.
 */
public record Caller(String name, Role role, Set<String> groups) {
    /** What a token lets its holder do. */
    public enum Role { APPROVER, ADMIN }

    public Caller {
        groups = Set.copyOf(groups);
    }
}
