package dev.airlock.proxy.gate;

import dev.airlock.proxy.lexer.Token;
import java.util.List;

/**
 * A statement with its literals replaced: the same for {@code WHERE id = 1} and
 * {@code WHERE id = 42}, different when anything else differs (names, operators, structure).
 * Keys the decision cache and is how statements are written to the log, so literal values
 * (which may hold secrets) never are.
 */
final class StatementFingerprint {
    private StatementFingerprint() {
    }

    static String of(List<Token> tokens) {
        StringBuilder out = new StringBuilder(tokens.size() * 6);
        for (Token token : tokens) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(renderToken(token));
        }
        return out.toString();
    }

    private static String renderToken(Token token) {
        return switch (token.type()) {
            case STRING, BIT_STRING, NUMBER -> "?";
            case QUOTED_IDENTIFIER -> '"' + token.value().replace("\"", "\"\"") + '"';
            default -> token.value();
        };
    }
}
