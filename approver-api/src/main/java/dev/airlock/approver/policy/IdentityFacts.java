package dev.airlock.approver.policy;

import java.util.Objects;

/**
 * Who is asking, as a policy sees it: CEL variable {@code identity}. {@code kind} is one of
 * {@code application}, {@code agent}, {@code approver}, {@code admin}; {@code owner} is the person
 * answerable for an agent (empty for the others).
 */
public record IdentityFacts(String name, String kind, String owner) {
    public IdentityFacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        owner = owner == null ? "" : owner;
    }
}
