package dev.airlock.sandbox.lint;

/** How much a reviewer should worry, lowest first; an effect's risk is its highest lint's. */
public enum RiskLevel {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
