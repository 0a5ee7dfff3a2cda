package dev.airlock.sandbox.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes of production tables from the planner's statistics ({@code pg_class.reltuples}, summed
 * over the leaves of a partition tree), read through the read-only role with Airlock's own
 * catalog query only. Unknown (no production context, a table production does not have, a
 * failure) is empty, never a guess.
 */
public final class ProductionStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(ProductionStatistics.class);
    private static final String ROWS = "WITH t AS (SELECT pg_catalog.to_regclass(?) AS oid)"
            + " SELECT pg_catalog.sum(GREATEST(c.reltuples, 0))::bigint FROM pg_catalog.pg_class c, t"
            + " WHERE c.relkind IN ('r', 'm') AND (c.oid = t.oid"
            + " OR c.oid IN (SELECT p.relid FROM pg_catalog.pg_partition_tree(t.oid) p WHERE p.isleaf))";

    private final ProductionContext production;
    private final Duration timeout;
    private final Map<String, OptionalLong> rows = new HashMap<>();

    public ProductionStatistics(ProductionContext production, Duration timeout) {
        this.production = production;
        this.timeout = timeout;
    }

    /** Estimated rows of a table (qualified, quoted name) on production. */
    public synchronized OptionalLong rows(String table) {
        return rows.computeIfAbsent(table, this::read);
    }

    private OptionalLong read(String table) {
        if (production == null) {
            return OptionalLong.empty();
        }
        try (Connection connection = production.connections().open()) {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET statement_timeout = " + timeout.toMillis() + "; SET lock_timeout = "
                        + timeout.toMillis());
            }
            try (PreparedStatement query = connection.prepareStatement(ROWS)) {
                query.setString(1, table);
                try (ResultSet result = query.executeQuery()) {
                    if (result.next() && result.getObject(1) != null) {
                        return OptionalLong.of(result.getLong(1));
                    }
                }
            }
            return OptionalLong.empty();
        } catch (SQLException e) {
            LOG.warn("cannot read production statistics of {}: {}", table, e.getMessage());
            return OptionalLong.empty();
        }
    }
}
