package dev.airlock.proxy.auth;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.SqlState;

/**
 * A SCRAM client-first-message (RFC 5802 section 7):
 * {@code gs2-cbind-flag "," [authzid] "," [reserved-mext ","] username "," nonce ["," extensions]}.
 * PostgreSQL clients send an empty user name ({@code n=}); the name that counts is the one in
 * the StartupMessage.
 */
record ClientFirstMessage(char bindingFlag, String bindingName, String authorizationId, String gs2Header,
        String bare, String nonce) {

    static ClientFirstMessage parse(String message) {
        int firstComma = message.indexOf(',');
        int secondComma = firstComma < 0 ? -1 : message.indexOf(',', firstComma + 1);
        if (firstComma < 0 || secondComma < 0) {
            throw malformed("missing GS2 header");
        }
        String flag = message.substring(0, firstComma);
        String authorization = message.substring(firstComma + 1, secondComma);
        char bindingFlag;
        String bindingName = null;
        if (flag.equals("n") || flag.equals("y")) {
            bindingFlag = flag.charAt(0);
        } else if (flag.startsWith("p=") && flag.length() > 2) {
            bindingFlag = 'p';
            bindingName = flag.substring(2);
        } else {
            throw malformed("invalid channel binding flag");
        }
        String authorizationId = null;
        if (!authorization.isEmpty()) {
            if (!authorization.startsWith("a=")) {
                throw malformed("invalid authorization identity");
            }
            authorizationId = authorization.substring(2);
        }
        String bare = message.substring(secondComma + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes.length < 2 || attributes[0].startsWith("m=")) {
            throw malformed(attributes.length > 0 && attributes[0].startsWith("m=")
                    ? "mandatory extensions are not supported" : "expected user name and nonce");
        }
        if (!attributes[0].startsWith("n=") || !attributes[1].startsWith("r=") || attributes[1].length() == 2) {
            throw malformed("expected n= and r= attributes");
        }
        String nonce = attributes[1].substring(2);
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw malformed("nonce has a character outside printable ASCII");
            }
        }
        return new ClientFirstMessage(bindingFlag, bindingName, authorizationId,
                message.substring(0, secondComma + 1), bare, nonce);
    }

    private static PgException malformed(String why) {
        return PgException.fatal(SqlState.PROTOCOL_VIOLATION, "malformed SCRAM message: client-first-message: " + why);
    }
}
