package dev.airlock.sandbox.support;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.rows.ProductionContext;
import dev.airlock.sandbox.rows.ProductionReadGuard;
import dev.airlock.sandbox.server.SandboxSettings;
import java.sql.Connection;
import java.time.Duration;

/** The shared servers with Pagila on production and a {@link Sandbox} over the sandbox server. */
public final class PagilaSandbox {
    private static Sandbox sandbox;
    private static CatalogSnapshot production;

    private PagilaSandbox() {
    }

    public static synchronized Sandbox sandbox() {
        if (sandbox == null) {
            sandbox = new Sandbox(SandboxSettings.embedded(SharedServers.sandbox(), "postgres"));
        }
        return sandbox;
    }

    public static synchronized CatalogSnapshot production() throws Exception {
        if (production == null) {
            SharedServers.ensureLoaded(SharedServers.PAGILA);
            try (Connection readOnly = SharedServers.productionReadOnly(SharedServers.PAGILA)) {
                production = Sandbox.snapshot(readOnly, Duration.ofSeconds(30));
            }
        }
        return production;
    }

    /** Production as the effect engine may use it, with the given guard (null: statistics only). */
    public static ProductionContext context(ProductionReadGuard guard) {
        return new ProductionContext(() -> SharedServers.productionReadOnly(SharedServers.PAGILA), guard);
    }
}
