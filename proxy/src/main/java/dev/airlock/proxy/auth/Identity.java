package dev.airlock.proxy.auth;

import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.task.Task;
import dev.airlock.proxy.agent.HoldMode;
import java.util.Objects;

/**
 * Someone who may connect to Airlock: a name, a kind, and the verifier of their credential. An
 * agent also has an owner (the person answerable for it), the task its changes belong to (with the
 * scope policies check) and its default hold mode. An agent declared without a password has no
 * verifier of its own: it connects only with the credential of one of its tasks ({@link #forTask});
 * {@code taskCredential} marks an identity logged in that way, whose session ends with its task.
 */
public record Identity(String name, IdentityKind kind, ScramVerifier verifier, String owner, TaskFacts task,
                       HoldMode holdMode, boolean taskCredential) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(holdMode, "holdMode");
        owner = owner == null ? "" : owner;
        if (kind == IdentityKind.APPLICATION && verifier == null) {
            throw new IllegalArgumentException("application " + name + " needs a password verifier");
        }
        if (kind == IdentityKind.AGENT && verifier != null && task == null) {
            throw new IllegalArgumentException("agent " + name + " logs in with its own password, so it needs a task");
        }
    }

    public static Identity application(String name, ScramVerifier verifier) {
        return new Identity(name, IdentityKind.APPLICATION, verifier, "", null, HoldMode.NOTICE, false);
    }

    /** An agent with a password of its own and a standing task, declared in configuration. */
    public static Identity agent(String name, ScramVerifier verifier, String task, HoldMode holdMode) {
        return new Identity(name, IdentityKind.AGENT, verifier, "", new TaskFacts(task, "", TaskFacts.Scope.EMPTY),
                holdMode, false);
    }

    /** This agent, logged in with the credential of {@code task}. */
    public Identity forTask(Task task) {
        return new Identity(name, kind, ScramVerifier.parse(task.verifier()), owner, task.facts(), holdMode, true);
    }

    /** True for an agent that connects only with its tasks' credentials. */
    public boolean tasksOnly() {
        return kind == IdentityKind.AGENT && verifier == null;
    }
}
