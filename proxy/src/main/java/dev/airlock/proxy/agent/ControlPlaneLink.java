package dev.airlock.proxy.agent;

import dev.airlock.approver.audit.AuditSink;
import java.util.Optional;

/**
 * What sessions may use of the control plane: filing changes and appending to the audit log.
 * Empty when Airlock runs without one (applications only, statement log only).
 */
public record ControlPlaneLink(Optional<ChangeFiling> changes, Optional<AuditSink> audit) {
    public static final ControlPlaneLink NONE = new ControlPlaneLink(Optional.empty(), Optional.empty());
}
