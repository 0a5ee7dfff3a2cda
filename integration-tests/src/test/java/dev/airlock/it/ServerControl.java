package dev.airlock.it;

import dev.airlock.sandbox.embedded.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops and starts an embedded PostgreSQL as a crash-free restart would: a fast shutdown (SIGINT
 * to the postmaster: sessions are terminated, nothing is lost) and a start of the same postmaster
 * command (its recorded {@code postmaster.opts}) on the same port and data directory, in a user
 * namespace as the embedded binaries are run (PostgreSQL refuses to run as root).
 */
final class ServerControl {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final EmbeddedServer server;
    private final List<String> command = new ArrayList<>();

    /** Control of {@code server}, which must be running now. */
    ServerControl(EmbeddedServer server) {
        this.server = server;
        try {
            String recorded = Files.readString(server.dataDirectory().resolve("postmaster.opts")).strip();
            command.addAll(List.of("unshare", "-U", recorded.substring(0, recorded.indexOf(' '))));
            Matcher argument = QUOTED.matcher(recorded);
            while (argument.find()) {
                command.add(argument.group(1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read postmaster.opts of " + server.dataDirectory(), e);
        }
    }

    /** Fast shutdown; returns once the postmaster has exited. */
    void stop() {
        ProcessHandle postmaster = postmaster().orElseThrow(() -> new IllegalStateException("the server is not running"));
        run("kill", "-INT", Long.toString(postmaster.pid()));
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the postmaster did not stop within 60 s", e);
        }
    }

    /** Starts the postmaster again; returns once it accepts connections. */
    void start() {
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(server.dataDirectory().resolve("restart.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection connection = server.superuserConnection("postgres")) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not come back within 60 s", notYet);
                }
                sleep();
            }
        }
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            String pid = Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void run(String... arguments) {
        try {
            Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", arguments) + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + arguments[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
