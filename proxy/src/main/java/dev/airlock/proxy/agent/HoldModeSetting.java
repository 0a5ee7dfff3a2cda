package dev.airlock.proxy.agent;

import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import java.util.List;
import java.util.Optional;

/**
 * Airlock's own session setting, {@code airlock.hold_mode}, which the proxy answers itself and
 * never sends to production: {@code SET [SESSION] airlock.hold_mode {TO | =} notice|wait|error}
 * and {@code RESET airlock.hold_mode} (back to the identity's mode).
 */
public final class HoldModeSetting {
    public static final String NAME = "airlock.hold_mode";

    /** A recognised statement: the mode it sets, or empty for RESET. */
    public record Change(Optional<HoldMode> mode) {
    }

    private HoldModeSetting() {
    }

    /**
     * The change this statement makes to the hold mode, empty if it is not about the hold mode.
     * A statement about it with a bad value is an IllegalArgumentException naming the choices.
     */
    public static Optional<Change> of(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        String first = statement.word(0);
        int i = 1;
        if ("set".equals(first) && "session".equals(statement.word(1))) {
            i = 2;
        }
        if (!("set".equals(first) || "reset".equals(first)) || !namesHoldMode(tokens, i)) {
            return Optional.empty();
        }
        i += 3;
        if ("reset".equals(first)) {
            if (i != tokens.size()) {
                throw new IllegalArgumentException("RESET " + NAME + " takes nothing more; SET it to notice, wait or error");
            }
            return Optional.of(new Change(Optional.empty()));
        }
        if (i < tokens.size() && (tokens.get(i).isWord("to") || tokens.get(i).isPunctuation('='))) {
            i++;
        }
        if (i != tokens.size() - 1 || !(tokens.get(i).isName() || tokens.get(i).type() == TokenType.STRING)) {
            throw new IllegalArgumentException("SET " + NAME + " takes one value: notice, wait or error");
        }
        try {
            return Optional.of(new Change(Optional.of(HoldMode.parse(tokens.get(i).value()))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for " + NAME + ": " + e.getMessage(), e);
        }
    }

    private static boolean namesHoldMode(List<Token> tokens, int i) {
        return i + 2 < tokens.size() && tokens.get(i).isWord("airlock") && tokens.get(i + 1).isPunctuation('.')
                && tokens.get(i + 2).isWord("hold_mode");
    }
}
