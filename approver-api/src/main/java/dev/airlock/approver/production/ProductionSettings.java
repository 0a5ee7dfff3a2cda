package dev.airlock.approver.production;

import java.util.Objects;

/**
 * How the control plane reads production: a JDBC URL and the read-only role (the same role the
 * sandbox reads production with). Sessions are forced read-only on top of the role's own limits.
 * The change credential is not here: only the replay executor holds it.
 */
public record ProductionSettings(String jdbcUrl, String readOnlyUser, String readOnlyPassword) {
    public ProductionSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(readOnlyUser, "readOnlyUser");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("production needs a jdbc:postgresql: URL, not " + jdbcUrl);
        }
    }

    @Override
    public String toString() {
        return "ProductionSettings[jdbcUrl=" + jdbcUrl + ", readOnlyUser=" + readOnlyUser + ", readOnlyPassword=***]";
    }
}
