package dev.airlock.sandbox.rows;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens sessions to production through its read-only role; the caller closes them. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
