package dev.airlock.proxy.gate;

import dev.airlock.proxy.lexer.SqlStatement;

/** One statement of a query string and the gate's classification of it. */
public record StatementDecision(SqlStatement statement, Classification classification, String fingerprint) {
}
