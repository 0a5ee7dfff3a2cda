package dev.airlock.sandbox.change;

import java.util.List;
import java.util.Objects;

/** One statement of a change set: the exact SQL text as the client sent it, and its bind parameters. */
public record ChangeStatement(String sql, List<BindParameter> parameters) {
    public ChangeStatement {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
    }

    public static ChangeStatement of(String sql) {
        return new ChangeStatement(sql, List.of());
    }
}
