package dev.airlock.approver.audit;

/**
 * How much the audit log holds while the store is slow or down ({@code capacity} events; then
 * {@code offer} says no), and how many events one transaction writes at most.
 */
public record AuditLogSettings(int capacity, int batchSize) {
    public static final AuditLogSettings DEFAULTS = new AuditLogSettings(65_536, 1_000);

    public AuditLogSettings {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("audit log capacity and batch size must be positive, not " + capacity
                    + " and " + batchSize);
        }
    }
}
