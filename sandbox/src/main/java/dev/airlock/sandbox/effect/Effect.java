package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.access.AccessChange;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.impact.Impact;
import dev.airlock.sandbox.json.CanonicalJson;
import dev.airlock.sandbox.lint.Lint;
import dev.airlock.sandbox.lint.RiskLevel;
import dev.airlock.sandbox.rows.AffectedRows;
import java.util.List;

/**
 * What a change set would do to production, computed in a task's sandbox: the production
 * fingerprint the sandbox reproduces, the change set's hash, how each statement ran, the schema
 * diff, the effective-access diff, measured impact, affected production rows, lints and overall
 * risk, and whether the task's sandbox kept the change. {@link #canonicalJson()} is what
 * reviewers and the audit log see; {@link #sha256()} is the hash an approval names. Nothing in it
 * depends on timing or on sandbox-internal names.
 */
public record Effect(String productionFingerprint, String changeSetSha256, Outcome outcome,
                     List<StatementResult> statements, List<ObjectChange> schemaChanges,
                     List<AccessChange> accessChanges, Impact impact, List<AffectedRows> affectedRows,
                     List<Lint> lints, RiskLevel risk, boolean keptInTaskSandbox, String note) {

    public enum Outcome {
        /** Every statement ran; the diff is what production would get. */
        SUCCEEDED,
        /** A statement failed in the sandbox: production would refuse it the same way. */
        FAILED,
        /** The sandbox refused to run it (transaction control, server-level statements). */
        REFUSED
    }

    public Effect {
        statements = List.copyOf(statements);
        schemaChanges = List.copyOf(schemaChanges);
        accessChanges = List.copyOf(accessChanges);
        affectedRows = List.copyOf(affectedRows);
        lints = List.copyOf(lints);
    }

    public String canonicalJson() {
        return CanonicalJson.write(this);
    }

    public String sha256() {
        return CatalogSnapshot.sha256(canonicalJson());
    }
}
