package dev.airlock.proxy.config;

import dev.airlock.approver.api.Admin;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.notify.WebhookTarget;
import dev.airlock.proxy.auth.Identity;
import java.util.List;

/**
 * Everything read from the configuration file: the settings, the identities that may connect,
 * the approvers who review agents' changes, the admins who start tasks and disable agents, and the
 * webhooks told of changes.
 */
public record AirlockConfig(Settings settings, List<Identity> identities, List<Approver> approvers, List<Admin> admins,
                            List<WebhookTarget> webhooks) {
    public AirlockConfig {
        identities = List.copyOf(identities);
        approvers = List.copyOf(approvers);
        admins = List.copyOf(admins);
        webhooks = List.copyOf(webhooks);
    }
}
