package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.rows.ProductionContext;

/**
 * How to compute an effect. {@code keepInTaskSandbox}: commit the change set in the task's
 * database when it succeeds and touches nothing cluster-wide, so the task's later change sets see
 * it (an agent that created a table goes on to fill it); otherwise roll it back. {@code production}
 * is optional (statistics and guarded derived reads for affected rows and large-table lints).
 */
public record EffectOptions(boolean keepInTaskSandbox, ProductionContext production) {
    public static EffectOptions keep(ProductionContext production) {
        return new EffectOptions(true, production);
    }

    public static EffectOptions discard(ProductionContext production) {
        return new EffectOptions(false, production);
    }
}
