package dev.airlock.proxy.agent;

import dev.airlock.approver.audit.AuditSink;
import dev.airlock.approver.policy.PolicyEngine;
import dev.airlock.approver.task.Tasks;
import java.util.Optional;

/**
 * What sessions may use of the control plane: filing changes, appending to the audit log, finding
 * the running task a credential belongs to (and hearing when one ends), and the policy in force.
 * Empty when Airlock runs without one (applications only, statement log only; the built-in
 * default policy then decides).
 */
public record ControlPlaneLink(Optional<ChangeFiling> changes, Optional<AuditSink> audit, Optional<Tasks> tasks,
                               Optional<PolicyEngine> policy) {
    public static final ControlPlaneLink NONE = new ControlPlaneLink(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
