package dev.airlock.sandbox.rows;

import dev.airlock.sandbox.change.BindParameter;
import java.util.List;

/**
 * Airlock's statement gate, as the sandbox asks it before running anything on production. The
 * sandbox derives reads from a write (for {@code DELETE FROM t WHERE c}:
 * {@code SELECT count(*) FROM t WHERE c}, and its EXPLAIN) to count the rows the write would
 * touch; it runs one only if the gate proves it read-only, planning included. Fail closed: any
 * doubt is false.
 */
@FunctionalInterface
public interface ProductionReadGuard {
    boolean isProvablyReadOnly(String sql, List<BindParameter> parameters);
}
