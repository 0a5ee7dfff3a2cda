package dev.airlock.approver.replay;

import java.util.Objects;

/**
 * Production's change role: the only credential that can write production. It is read from an
 * environment variable or a file by the configuration loader, handed to the {@link ReplayExecutor}
 * and to nothing else; {@link #toString()} never shows the password.
 */
public record ChangeCredential(String user, String password) {
    public ChangeCredential {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the change credential needs a user name");
        }
    }

    @Override
    public String toString() {
        return "ChangeCredential[user=" + user + ", password=***]";
    }
}
