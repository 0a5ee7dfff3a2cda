package dev.airlock.sandbox.ddl;

/** One rendered statement (no final semicolon), the phase it belongs to and the object it builds. */
public record DdlStatement(Phase phase, String object, String sql) {
}
