package dev.airlock.proxy.auth;

import dev.airlock.approver.task.Tasks;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The identities that may connect, looked up by user name at authentication time: those declared
 * in configuration with a password of their own, then the running tasks, whose id is their user
 * name and whose agent must be declared. The lookup never blocks ({@link Tasks#active} answers
 * from memory).
 */
public final class IdentityDirectory {
    private final Map<String, Identity> byName;
    private final Optional<Tasks> tasks;

    public IdentityDirectory(Collection<Identity> identities, Optional<Tasks> tasks) {
        this.byName = identities.stream().collect(Collectors.toUnmodifiableMap(Identity::name, Function.identity()));
        this.tasks = tasks;
    }

    public Optional<Identity> find(String user) {
        Identity declared = byName.get(user);
        if (declared != null) {
            return declared.verifier() == null ? Optional.empty() : Optional.of(declared);
        }
        return tasks.flatMap(running -> running.active(user)).flatMap(task -> {
            Identity agent = byName.get(task.agent());
            return agent == null || agent.kind() != IdentityKind.AGENT ? Optional.empty() : Optional.of(agent.forTask(task));
        });
    }

    /** True while the task is running (not ended, not past its TTL, its agent not disabled). */
    public boolean isRunning(String taskId) {
        return tasks.flatMap(running -> running.active(taskId)).isPresent();
    }
}
