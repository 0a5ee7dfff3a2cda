package dev.airlock.proxy.config;

import dev.airlock.approver.approval.Approver;
import dev.airlock.proxy.auth.Identity;
import java.util.List;

/**
 * Everything read from the configuration file: the settings, the identities that may connect,
 * and the approvers who review agents' changes.
 */
public record AirlockConfig(Settings settings, List<Identity> identities, List<Approver> approvers) {
    public AirlockConfig {
        identities = List.copyOf(identities);
        approvers = List.copyOf(approvers);
    }
}
