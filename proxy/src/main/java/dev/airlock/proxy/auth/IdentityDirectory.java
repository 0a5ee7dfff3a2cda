package dev.airlock.proxy.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The identities that may connect, looked up by user name at authentication time. */
public final class IdentityDirectory {
    private final Map<String, Identity> byName;

    public IdentityDirectory(Collection<Identity> identities) {
        this.byName = identities.stream().collect(Collectors.toUnmodifiableMap(Identity::name, Function.identity()));
    }

    public Optional<Identity> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
