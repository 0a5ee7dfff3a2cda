package dev.airlock.proxy.server;

import dev.airlock.proxy.agent.ControlPlaneLink;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityDirectory;
import dev.airlock.proxy.backend.BackendConnection;
import dev.airlock.proxy.backend.BackendConnector;
import dev.airlock.proxy.backend.BackendPool;
import dev.airlock.proxy.backend.CancelForwarder;
import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.backend.ProductionJdbc;
import dev.airlock.proxy.catalog.ProductionCatalog;
import dev.airlock.proxy.check.ReadOnlyCredentialCheck;
import dev.airlock.proxy.config.Setting;
import dev.airlock.proxy.config.Settings;
import dev.airlock.proxy.frontend.FrontendFrameDecoder;
import dev.airlock.proxy.gate.Gate;
import dev.airlock.proxy.log.StatementLog;
import dev.airlock.proxy.net.Transport;
import dev.airlock.proxy.protocol.backend.BackendMessageEncoder;
import dev.airlock.proxy.session.ClientConnectionHandler;
import dev.airlock.proxy.session.ProxyContext;
import dev.airlock.proxy.tls.ServerTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Airlock data plane. Start-up is a checklist, and any failed step stops it with a
 * message saying what to fix: check that the read-only credential cannot write, read production's
 * catalog, open one production connection to learn its parameters, then listen.
 */
public final class AirlockServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AirlockServer.class);
    private static final int GATE_QUEUE = 10_000;
    private static final int STATEMENT_FILES_KEPT = 10;
    private static final java.time.Duration PARSER_WARM_UP = java.time.Duration.ofSeconds(2);
    /**
     * How long the event loops go on after the last task when Airlock stops. Closing a socket on
     * io_uring completes later, and the loop that has stopped taking tasks rejects what that
     * completion schedules (Netty logs the rejection with a stack trace); this keeps the loops
     * serving until the closes of the pool's and the clients' connections have come back.
     */
    private static final long SHUTDOWN_QUIET_MILLIS = 100;

    private final Transport transport;
    private final EventLoopGroup loops;
    private final ExecutorService gateWorkers;
    private final ScheduledExecutorService scheduler;
    private final BackendPool pool;
    private final Channel listener;
    private final ProxyContext context;
    private final StatementLog statementLog;
    private final CatalogRefresher refresher;

    private AirlockServer(Transport transport, EventLoopGroup loops, ExecutorService gateWorkers,
            ScheduledExecutorService scheduler, BackendPool pool, Channel listener, ProxyContext context,
            StatementLog statementLog, CatalogRefresher refresher) {
        this.refresher = refresher;
        this.transport = transport;
        this.loops = loops;
        this.gateWorkers = gateWorkers;
        this.scheduler = scheduler;
        this.pool = pool;
        this.listener = listener;
        this.context = context;
        this.statementLog = statementLog;
    }

    public static AirlockServer start(Settings settings, List<Identity> identities, ProductionEndpoint endpoint) {
        return start(settings, identities, endpoint, ControlPlaneLink.NONE, new SimpleMeterRegistry());
    }

    /**
     * Starts Airlock; agents' changes are filed, and sessions audited, through {@code controlPlane}
     * (without one, an agent's change is refused with ZA006); its meters go to {@code metrics}.
     */
    public static AirlockServer start(Settings settings, List<Identity> identities, ProductionEndpoint endpoint,
            ControlPlaneLink controlPlane, MeterRegistry metrics) {
        verifyReadOnly(endpoint);
        ProductionCatalog catalog;
        try {
            catalog = CatalogRefresher.load(endpoint);
        } catch (SQLException e) {
            throw new StartupException("cannot read production's catalog as " + endpoint.describe() + ": " + e.getMessage(), e);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // Half the cores by default: on 2 cores shared with PostgreSQL (pgbench -S, 10 clients), one
        // loop served 2-11 % more statements than two, at a third less CPU per statement.
        int ioThreads = settings.get(Setting.LISTEN_IO_THREADS) == 0
                ? Math.max(1, cores / 2)
                : settings.get(Setting.LISTEN_IO_THREADS);
        int threads = Math.max(2, cores);
        Transport transport = transport(settings);
        EventLoopGroup loops = transport.eventLoopGroup("airlock-io", ioThreads);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("airlock-scheduler"));
        ExecutorService gateWorkers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(GATE_QUEUE), daemon("airlock-gate"));
        StatementLog statementLog = null;
        try {
            BackendConnector connector = new BackendConnector(endpoint, transport);
            BackendPool pool = new BackendPool(connector, settings.get(Setting.PRODUCTION_POOL_MAX_SIZE),
                    settings.get(Setting.PRODUCTION_POOL_ACQUIRE_TIMEOUT));
            Map<String, String> serverParameters = serverParameters(pool, loops, endpoint);
            Gate gate = new Gate(catalog, settings.get(Setting.GATE_ALLOWED_FUNCTIONS),
                    settings.get(Setting.GATE_SEARCH_PATH_SCHEMAS), settings.get(Setting.GATE_PARSE_TIMEOUT),
                    scheduler, gateWorkers, settings.get(Setting.GATE_DECISION_CACHE_SIZE));
            CatalogRefresher refresher = new CatalogRefresher(endpoint, gate, scheduler);
            refresher.start(settings.get(Setting.GATE_CATALOG_REFRESH_INTERVAL));
            gate.warmUp(PARSER_WARM_UP);
            Optional<ServerTls> tls = ServerTls.fromSettings(settings);
            statementLog = StatementLog.open(Path.of(settings.get(Setting.LOG_STATEMENTS_FILE)),
                    settings.get(Setting.LOG_STATEMENTS_FILE_SIZE), STATEMENT_FILES_KEPT);
            ProxyContext context = new ProxyContext(settings, new IdentityDirectory(identities, controlPlane.tasks()), tls, pool,
                    new CancelForwarder(endpoint, transport), gate, statementLog, serverParameters, controlPlane, metrics);
            Channel listener = listen(settings, transport, loops, context);
            if (!settings.get(Setting.GATE_ENABLED)) {
                log.warn("gate.enabled is false: every statement is relayed UNCHECKED. This is for benchmarks only.");
            }
            log.info("Airlock listening on {} ({}, TLS {}), production {} {}", listener.localAddress(), transport.label(),
                    tls.isPresent() ? (settings.get(Setting.TLS_REQUIRED) ? "required" : "offered") : "off",
                    endpoint.describe(), serverParameters.get("server_version"));
            return new AirlockServer(transport, loops, gateWorkers, scheduler, pool, listener, context, statementLog,
                    refresher);
        } catch (RuntimeException e) {
            if (statementLog != null) {
                statementLog.close();
            }
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            gateWorkers.shutdownNow();
            scheduler.shutdownNow();
            throw e;
        }
    }

    private static void verifyReadOnly(ProductionEndpoint endpoint) {
        List<String> findings;
        try (Connection connection = ProductionJdbc.open(endpoint, "self-check")) {
            findings = ReadOnlyCredentialCheck.findings(connection);
        } catch (SQLException e) {
            throw new StartupException("cannot connect to production as " + endpoint.describe() + ": " + e.getMessage(), e);
        }
        if (!findings.isEmpty()) {
            throw StartupException.unsafeCredential("production.readonly_user " + endpoint.user() + " is not read-only, so Airlock will not start:\n  - "
                    + String.join("\n  - ", findings)
                    + "\nRevoke these privileges (or use a role that has none of them) and start again.");
        }
    }

    private static Map<String, String> serverParameters(BackendPool pool, EventLoopGroup loops, ProductionEndpoint endpoint) {
        try {
            BackendConnection connection = pool.acquire(loops.next()).get(endpoint.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            Map<String, String> parameters = Map.copyOf(connection.serverParameters());
            connection.eventLoop().execute(() -> pool.release(connection));
            return parameters;
        } catch (ExecutionException e) {
            throw new StartupException("cannot open a connection to production: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException("opening a connection to production timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while connecting to production", e);
        }
    }

    private static Transport transport(Settings settings) {
        try {
            return Transport.select(settings.get(Setting.LISTEN_TRANSPORT));
        } catch (IllegalStateException e) {
            throw new StartupException("listen.transport: " + e.getMessage()
                    + "; set it to auto to use the best transport this machine allows");
        }
    }

    private static Channel listen(Settings settings, Transport transport, EventLoopGroup loops, ProxyContext context) {
        long maxMessage = settings.get(Setting.LIMITS_MAX_MESSAGE_SIZE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("frames", new FrontendFrameDecoder(maxMessage));
                        channel.pipeline().addLast("encoder", BackendMessageEncoder.INSTANCE);
                        channel.pipeline().addLast("connection", new ClientConnectionHandler(context));
                    }
                });
        transport.socketOptions().forEach(option -> option.applyTo(bootstrap));
        String host = settings.get(Setting.LISTEN_HOST);
        int port = settings.get(Setting.LISTEN_PORT);
        try {
            return bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            throw new StartupException("cannot listen on " + host + ":" + port + " (listen.host, listen.port): " + e.getMessage(), e);
        }
    }

    /** How the event loops wait on sockets (listen.transport). */
    public Transport transport() {
        return transport;
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public int connectedClients() {
        return context.connectedClients();
    }

    public int openProductionConnections() {
        return pool.openConnections();
    }

    /** Production connections open and held by no session. */
    public int idleProductionConnections() {
        return pool.idleConnections();
    }

    /** Re-reads production's catalog now (after an applied change), without waiting for the timer. */
    public void refreshCatalog() {
        scheduler.execute(refresher::refreshNow);
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        pool.close();
        scheduler.shutdownNow();
        gateWorkers.shutdownNow();
        loops.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        statementLog.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return new io.netty.util.concurrent.DefaultThreadFactory(name, true);
    }
}
