package dev.airlock.sandbox.lint;

/** One finding about a change: a stable code, its risk, the object it concerns and what to know. */
public record Lint(String code, RiskLevel risk, String object, String message) {
}
