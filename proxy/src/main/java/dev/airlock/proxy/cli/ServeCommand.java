package dev.airlock.proxy.cli;

import dev.airlock.proxy.backend.ProductionEndpoint;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.ConfigLoader;
import dev.airlock.proxy.server.RunningAirlock;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock serve --config airlock.yaml}: Airlock in front of an existing PostgreSQL. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Airlock in front of the production PostgreSQL named in the configuration file.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration file (YAML).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        AirlockConfig loaded = ConfigLoader.load(config, System.getenv());
        ProductionEndpoint endpoint = ProductionEndpoint.readOnly(loaded.settings(), System.getenv());
        RunningAirlock server = RunningAirlock.start(loaded, endpoint, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "airlock-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
