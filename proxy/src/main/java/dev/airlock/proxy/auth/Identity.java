package dev.airlock.proxy.auth;

import dev.airlock.proxy.agent.HoldMode;
import java.util.Objects;

/**
 * Someone who may connect to Airlock: a name, a kind, and the verifier of their credential. An
 * agent also names the task its changes belong to and its default hold mode.
 */
public record Identity(String name, IdentityKind kind, ScramVerifier verifier, String task, HoldMode holdMode) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(holdMode, "holdMode");
        if (kind == IdentityKind.AGENT && (task == null || task.isBlank())) {
            throw new IllegalArgumentException("agent " + name + " needs a task");
        }
    }

    public static Identity application(String name, ScramVerifier verifier) {
        return new Identity(name, IdentityKind.APPLICATION, verifier, null, HoldMode.NOTICE);
    }

    public static Identity agent(String name, ScramVerifier verifier, String task, HoldMode holdMode) {
        return new Identity(name, IdentityKind.AGENT, verifier, task, holdMode);
    }
}
