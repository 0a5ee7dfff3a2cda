package dev.airlock.sandbox.catalog.read;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One fetched catalog row, detached from its ResultSet (the statement is closed before the rows
 * are assembled). Getters follow JDBC's conventions (1-based; SQL NULL
 * reads as 0 or false); text arrays come back as lists.
 */
final class Row {
    private final Object[] values;

    private Row(Object[] values) {
        this.values = values;
    }

    static Row of(ResultSet rows, int columns) throws SQLException {
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) {
            Object value = rows.getObject(i + 1);
            values[i] = value instanceof Array array ? List.of((Object[]) array.getArray()) : value;
        }
        return new Row(values);
    }

    boolean isNull(int column) {
        return values[column - 1] == null;
    }

    String getString(int column) {
        Object value = values[column - 1];
        return value == null ? null : value.toString();
    }

    long getLong(int column) {
        Object value = values[column - 1];
        return value == null ? 0 : ((Number) value).longValue();
    }

    int getInt(int column) {
        Object value = values[column - 1];
        return value == null ? 0 : ((Number) value).intValue();
    }

    boolean getBoolean(int column) {
        Object value = values[column - 1];
        return value != null && (Boolean) value;
    }

    /** A text[] column as a list of strings, empty for NULL. */
    List<String> getTextArray(int column) {
        Object value = values[column - 1];
        return value == null ? List.of() : ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
