package dev.airlock.sandbox.impact;

import java.util.List;

/**
 * What running a change set did beyond the schema diff: the locks each statement took, the
 * relations whose storage was replaced (a rewrite or truncation: {@code relfilenode} changed), and
 * the indexes built (new, or rebuilt by a rewrite or REINDEX).
 */
public record Impact(List<LockTaken> locks, List<String> rewrittenRelations, List<String> indexesBuilt) {
    public Impact {
        locks = List.copyOf(locks);
        rewrittenRelations = List.copyOf(rewrittenRelations);
        indexesBuilt = List.copyOf(indexesBuilt);
    }
}
