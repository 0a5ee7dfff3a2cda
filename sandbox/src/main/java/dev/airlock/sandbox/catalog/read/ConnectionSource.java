package dev.airlock.sandbox.catalog.read;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens sessions to one database (production through its read-only role); the caller closes them. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
