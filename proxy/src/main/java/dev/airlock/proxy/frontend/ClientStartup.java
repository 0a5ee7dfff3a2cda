package dev.airlock.proxy.frontend;

import java.util.Map;

/**
 * A validated StartupMessage: who the client says it is, which database it wants, and the session
 * parameters it asked for (already canonical, as PostgreSQL would report them).
 */
public record ClientStartup(String user, String database, Map<String, String> sessionParameters,
        boolean needsProtocolNegotiation) {
    public ClientStartup {
        sessionParameters = Map.copyOf(sessionParameters);
    }

    public String applicationName() {
        return sessionParameters.getOrDefault(StartupValidator.APPLICATION_NAME, "");
    }
}
