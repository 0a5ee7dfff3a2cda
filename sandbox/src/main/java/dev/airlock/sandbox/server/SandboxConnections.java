package dev.airlock.sandbox.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to the sandbox server: as its administrator, or as a task role. Each session
 * starts with the configured statement and lock timeouts (a change set may lower or raise them for
 * itself; the effect runner also cancels from the client side) and a socket timeout a little past
 * the statement timeout, so a hung server cannot block a caller for ever. A server that cannot be
 * reached gives {@link SandboxUnavailableException} naming it.
 */
public final class SandboxConnections {
    private final SandboxSettings settings;

    public SandboxConnections(SandboxSettings settings) {
        this.settings = settings;
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** An administrator connection in simple-query mode (scripts are sent as they are). */
    public Connection admin(String database) {
        return open(database, settings.adminUser(), settings.adminPassword(), true, settings.mirrorTimeout().toMillis());
    }

    /** A task role's connection; statements are bounded by the statement timeout. */
    public Connection task(String database, String role, String password) {
        return open(database, role, password, false, settings.statementTimeout().toMillis());
    }

    private Connection open(String database, String user, String password, boolean simple, long statementMillis) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "airlock-sandbox");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        properties.setProperty("socketTimeout", Long.toString(statementMillis / 1000 + 30));
        properties.setProperty("options", "-c statement_timeout=" + statementMillis
                + " -c lock_timeout=" + settings.lockTimeout().toMillis() + " -c client_min_messages=notice");
        if (simple) {
            properties.setProperty("preferQueryMode", "simple");
        }
        String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + database;
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw failure("cannot connect to the sandbox server at " + settings.host() + ":" + settings.port()
                    + " (database " + database + ", role " + user + ")", e);
        }
    }

    /** Wraps a failure: connection-class SQLSTATEs (08...) and timeouts mean the server is unavailable. */
    public static SandboxException failure(String what, SQLException e) {
        String state = e.getSQLState();
        String message = what + ": " + e.getMessage();
        if (state == null || state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
            return new SandboxUnavailableException(message, e);
        }
        return new SandboxException(message, e);
    }
}
