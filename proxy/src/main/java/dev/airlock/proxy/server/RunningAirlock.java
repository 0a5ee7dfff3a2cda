package dev.airlock.proxy.server;

import dev.airlock.approver.ControlPlane;
import dev.airlock.proxy.agent.ChangeFiling;
import dev.airlock.proxy.agent.ControlPlaneChanges;
import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.Setting;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Airlock as {@code serve} and {@code demo} run it: the control plane (when configured) and the
 * proxy, wired so sessions file changes through {@link ChangeFiling} only, and an applied change
 * refreshes the gate's view of production at once. Closing stops the proxy first.
 */
public final class RunningAirlock implements AutoCloseable {
    private final AirlockServer server;
    private final Optional<ControlPlane> controlPlane;

    private RunningAirlock(AirlockServer server, Optional<ControlPlane> controlPlane) {
        this.server = server;
        this.controlPlane = controlPlane;
    }

    public static RunningAirlock start(AirlockConfig config, ProductionEndpoint endpoint, Map<String, String> environment) {
        Optional<ControlPlane> controlPlane = ControlPlaneFactory.start(config, endpoint, environment);
        try {
            ControlPlaneLink link = controlPlane.map(plane -> new ControlPlaneLink(
                    Optional.<ChangeFiling>of(new ControlPlaneChanges(plane)), Optional.of(plane.auditSink()),
                    Optional.of(plane.tasks()), Optional.of(plane.policy()))).orElse(ControlPlaneLink.NONE);
            AirlockServer server = AirlockServer.start(config.settings(), config.identities(), endpoint, link);
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
