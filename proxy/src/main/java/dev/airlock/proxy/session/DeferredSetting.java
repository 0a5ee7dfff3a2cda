package dev.airlock.proxy.session;

import dev.airlock.proxy.frontend.ClientStartup;
import dev.airlock.proxy.lexer.SqlStatement;
import dev.airlock.proxy.lexer.Token;
import dev.airlock.proxy.lexer.TokenType;
import java.util.List;
import java.util.Optional;

/**
 * A SET that a session without a production connection can answer itself: drivers set
 * {@code application_name} (pgjdbc) or {@code extra_float_digits} right after connecting, and
 * taking a production connection for that would make every idle client hold one. The value is
 * kept and applied when the session first needs production; the client gets exactly what
 * PostgreSQL would send.
 */
record DeferredSetting(String name, String value) {

    /** {@code SET [SESSION] application_name|extra_float_digits {=|TO} literal}, or empty. */
    static Optional<DeferredSetting> of(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        int i = 1;
        if (i < tokens.size() && tokens.get(i).isWord("session")) {
            i++;
        }
        if (tokens.size() < i + 3 || !tokens.get(0).isWord("set")) {
            return Optional.empty();
        }
        Token name = tokens.get(i);
        Token assign = tokens.get(i + 1);
        if (!assign.isWord("to") && !assign.isPunctuation('=')) {
            return Optional.empty();
        }
        List<Token> value = tokens.subList(i + 2, tokens.size());
        if (name.isWord("application_name") && value.size() == 1 && value.get(0).type() == TokenType.STRING) {
            return Optional.of(new DeferredSetting("application_name", ClientStartup.applicationNameAsStored(value.get(0).value())));
        }
        if (name.isWord("extra_float_digits")) {
            String digits = value.size() == 2 && value.get(0).isPunctuation('-') ? "-" + value.get(1).value()
                    : value.size() == 1 ? value.get(0).value() : null;
            if (digits != null && digits.matches("-?\\d{1,2}") && Integer.parseInt(digits) >= -15 && Integer.parseInt(digits) <= 3) {
                return Optional.of(new DeferredSetting("extra_float_digits", Integer.toString(Integer.parseInt(digits))));
            }
        }
        return Optional.empty();
    }

    boolean isReported() {
        return name.equals("application_name");
    }
}
