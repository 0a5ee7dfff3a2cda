package dev.airlock.proxy.server;

import dev.airlock.approver.ControlPlane;
import dev.airlock.proxy.agent.ChangeFiling;
import dev.airlock.proxy.agent.ControlPlaneChanges;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.Setting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Airlock as {@code serve} and {@code demo} run it: the control plane (when configured) and the
 * proxy, wired so sessions file changes through {@link ChangeFiling} only, and an applied change
 * refreshes the gate's view of production at once. Both put their meters in one registry, which the
 * control plane serves at {@code /metrics} (unless {@code metrics.enabled} is false). Closing stops
 * the proxy first.
 */
public final class RunningAirlock implements AutoCloseable {
    private final AirlockServer server;
    private final Optional<ControlPlane> controlPlane;

    private RunningAirlock(AirlockServer server, Optional<ControlPlane> controlPlane) {
        this.server = server;
        this.controlPlane = controlPlane;
    }

    public static RunningAirlock start(AirlockConfig config, ProductionEndpoint endpoint, Map<String, String> environment) {
        MeterRegistry metrics = config.settings().get(Setting.METRICS_ENABLED)
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        Optional<ControlPlane> controlPlane = ControlPlaneFactory.start(config, endpoint, environment, metrics);
        try {
            ControlPlaneLink link = controlPlane.map(plane -> new ControlPlaneLink(
                    Optional.<ChangeFiling>of(new ControlPlaneChanges(plane)), Optional.of(plane.auditSink()),
                    Optional.of(plane.tasks()), Optional.of(plane.policy()))).orElse(ControlPlaneLink.NONE);
            AirlockServer server = AirlockServer.start(config.settings(), config.identities(), endpoint, link, metrics);
            controlPlane.ifPresent(plane -> {
                plane.tasks().proxyListensOn(server.port());
                plane.addAppliedListener(change -> server.refreshCatalog());
                LoggerFactory.getLogger(RunningAirlock.class).info("review API listening on {}:{}",
                        config.settings().get(Setting.API_HOST), plane.httpPort());
            });
            return new RunningAirlock(server, controlPlane);
        } catch (RuntimeException e) {
            controlPlane.ifPresent(ControlPlane::close);
            throw e;
        }
    }

    public AirlockServer server() {
        return server;
    }

    /** The review API's port, when the control plane runs. */
    public Optional<Integer> apiPort() {
        return controlPlane.map(ControlPlane::httpPort);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            controlPlane.ifPresent(ControlPlane::close);
        }
    }
}
