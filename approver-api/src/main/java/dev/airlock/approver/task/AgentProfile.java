package dev.airlock.approver.task;

import java.util.Objects;

/** An agent the control plane starts tasks for: its name and the person answerable for it. */
public record AgentProfile(String name, String owner) {
    public AgentProfile {
        Objects.requireNonNull(name, "name");
        owner = owner == null ? "" : owner;
    }
}
