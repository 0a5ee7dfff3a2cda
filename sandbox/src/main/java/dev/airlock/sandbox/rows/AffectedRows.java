package dev.airlock.sandbox.rows;

import java.util.List;

/**
 * Rows of production a write statement would touch. {@code estimate} and its {@code basis}: the
 * planner's estimate for a derived read the gate proved read-only, the written tables' size from
 * production statistics (an upper bound), or the statement's own VALUES list. {@code exact} is the
 * count of the derived read when the gate allowed running it. {@code derivedRead} is that read.
 */
public record AffectedRows(int statement, String command, List<String> tables, Long estimate, String basis,
                           Long exact, String derivedRead, boolean wholeTable) {
    public static final String PLANNER = "planner estimate on production for the derived read";
    public static final String TABLE_SIZE = "production table size from statistics (upper bound)";
    public static final String VALUES = "the statement's own VALUES (independent of production data)";

    public AffectedRows {
        tables = List.copyOf(tables);
    }
}
