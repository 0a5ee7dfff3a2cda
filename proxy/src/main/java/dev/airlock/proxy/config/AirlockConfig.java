package dev.airlock.proxy.config;

import dev.airlock.proxy.auth.Identity;
import java.util.List;

/** Everything read from the configuration file: the settings and the identities that may connect. */
public record AirlockConfig(Settings settings, List<Identity> identities) {
    public AirlockConfig {
        identities = List.copyOf(identities);
    }
}
