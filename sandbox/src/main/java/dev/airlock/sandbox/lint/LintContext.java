package dev.airlock.sandbox.lint;

import dev.airlock.sandbox.access.AccessChange;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.impact.Impact;
import dev.airlock.sandbox.rows.AffectedRows;
import dev.airlock.sandbox.rows.ProductionStatistics;
import java.util.List;

/**
 * Everything lints look at. {@code largeTableRows} is where a table counts as large (its
 * production row estimate); a table whose size production cannot tell is treated as not large,
 * and the lint says the size is unknown.
 */
public record LintContext(ChangeSet changeSet, List<String> commandTags, List<ObjectChange> schemaChanges,
                          List<AccessChange> accessChanges, Impact impact, List<AffectedRows> affectedRows,
                          ProductionStatistics statistics, long largeTableRows) {
}
