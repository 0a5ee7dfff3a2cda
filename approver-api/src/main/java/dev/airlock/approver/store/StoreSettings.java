package dev.airlock.approver.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the control plane keeps its state: an H2 file (the embedded default, one instance) or a
 * PostgreSQL database of its own (several instances sharing state; never production).
 */
public sealed interface StoreSettings {

    /** An H2 database in {@code file} (H2 adds {@code .mv.db}); created on first use. */
    record H2(Path file) implements StoreSettings {
        public H2 {
            Objects.requireNonNull(file, "file");
        }
    }

    /** A PostgreSQL database reached with {@code jdbcUrl} as {@code user}. */
    record Postgres(String jdbcUrl, String user, String password) implements StoreSettings {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL store needs a jdbc:postgresql: URL, not " + jdbcUrl);
            }
        }

        @Override
        public String toString() {
            return "Postgres[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + "]";
        }
    }
}
