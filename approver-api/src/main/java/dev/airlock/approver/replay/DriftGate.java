package dev.airlock.approver.replay;

import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.EffectComparison;
import dev.airlock.approver.store.StateChange;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.effect.Effect;
import dev.airlock.sandbox.effect.EffectOptions;
import dev.airlock.sandbox.rows.ProductionContext;
import dev.airlock.sandbox.task.TaskSandbox;

/**
 * DESIGN §1.4 before replay: production's fingerprint now must be the one the reviewed effect was
 * computed against. If it moved, the change set runs again in a fresh sandbox cloned from
 * production as it is now (a throw-away task, dropped afterwards); the same effect (apart from
 * the fingerprint it names, see {@link EffectComparison}) lets the replay go on, a different one
 * sends the change back for approval with the recomputed effect.
 */
final class DriftGate {
    sealed interface Verdict {
        record Proceed(String note) implements Verdict {
        }

        record Reapprove(StateChange.Revision revision, String reason) implements Verdict {
        }
    }

    private final Sandbox sandbox;
    private final ProductionContext production;

    DriftGate(Sandbox sandbox, ProductionContext production) {
        this.sandbox = sandbox;
        this.production = production;
    }

    Verdict check(ChangeRequest change, CatalogSnapshot now) {
        String fingerprint = now.fingerprint();
        if (fingerprint.equals(change.baseFingerprint())) {
            return new Verdict.Proceed("production's fingerprint equals the reviewed base " + shortHash(fingerprint));
        }
        Effect fresh = recompute(change, now);
        String json = fresh.canonicalJson();
        if (fresh.outcome() == Effect.Outcome.SUCCEEDED && EffectComparison.sameEffect(change.effectJson(), json)) {
            return new Verdict.Proceed("production moved from " + shortHash(change.baseFingerprint()) + " to "
                    + shortHash(fingerprint) + "; the recomputed effect is the reviewed one");
        }
        return new Verdict.Reapprove(new StateChange.Revision(fingerprint, json, fresh.sha256(), fresh.risk()),
                "drift: production moved from " + shortHash(change.baseFingerprint()) + " to " + shortHash(fingerprint)
                        + " and the recomputed effect differs from the reviewed one"
                        + (fresh.outcome() == Effect.Outcome.SUCCEEDED ? "" : " (it now " + fresh.outcome() + ")"));
    }

    private Effect recompute(ChangeRequest change, CatalogSnapshot now) {
        String taskId = "airlock-drift-" + change.id();
        sandbox.dropTask(taskId);
        TaskSandbox task = sandbox.createTask(taskId, now);
        try {
            return sandbox.computeEffect(task, change.changeSet(), EffectOptions.discard(production));
        } finally {
            sandbox.dropTask(taskId);
        }
    }

    static String shortHash(String sha256) {
        return sha256.substring(0, Math.min(12, sha256.length()));
    }
}
