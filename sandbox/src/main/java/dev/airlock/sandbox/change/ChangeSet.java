package dev.airlock.sandbox.change;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.json.CanonicalJson;
import java.util.List;

/**
 * The ordered statements a task wants applied to production (one for an autocommit statement,
 * everything up to COMMIT for an explicit transaction). {@link #sha256()} covers the statement
 * texts and parameter bytes in order.
 */
public record ChangeSet(List<ChangeStatement> statements) {
    public ChangeSet {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a change set has at least one statement");
        }
        statements = List.copyOf(statements);
    }

    public static ChangeSet of(String... sql) {
        return new ChangeSet(java.util.Arrays.stream(sql).map(ChangeStatement::of).toList());
    }

    public String sha256() {
        return CatalogSnapshot.sha256(CanonicalJson.write(this));
    }
}
