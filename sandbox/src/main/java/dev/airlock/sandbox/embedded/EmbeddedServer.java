package dev.airlock.sandbox.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server run from the embedded binaries (io.zonky), for {@code airlock demo} and for
 * tests. It listens on 127.0.0.1 only. The superuser {@code postgres} connects without a password
 * from loopback; every other role must authenticate with the method given at start-up, so the
 * proxy's SCRAM and MD5 client code meets a real server.
 */
public final class EmbeddedServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server in a fresh temporary data directory. */
    public static EmbeddedServer start(String name, Map<String, String> serverSettings) {
        try {
            Path dataDirectory = Files.createTempDirectory("airlock-" + name + "-");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("listen_addresses", "127.0.0.1");
            settings.put("password_encryption", "scram-sha-256");
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
            settings.put("max_connections", "300");
            settings.put("shared_buffers", "64MB");
            settings.putAll(serverSettings);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            EmbeddedServer server = new EmbeddedServer(postgres, dataDirectory);
            server.writeHostBasedAuthentication("scram-sha-256");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL '" + name + "'", e);
        }
    }

    /**
     * Rewrites pg_hba.conf: the superuser is trusted from loopback, every other role uses
     * {@code method} (scram-sha-256, md5, password or trust), then reloads the configuration.
     */
    public void writeHostBasedAuthentication(String method) {
        String rules = String.join("\n",
                "# Written by Airlock's EmbeddedServer.",
                "host all " + SUPERUSER + " 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 " + method,
                "");
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("postgres", "SELECT pg_reload_conf()");
    }

    public int port() {
        return postgres.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A new superuser connection to {@code database}; the caller closes it. */
    public Connection superuserConnection(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Runs SQL (one or more statements, simple protocol) as the superuser. */
    public void execute(String database, String sql) {
        try (Connection connection = superuserConnection(database);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Shuts the server down fast (its sessions are terminated, nothing committed is lost), as a
     * restart or a crash-free outage of production would; returns once it has exited. For fault
     * tests: {@link #startAgain} brings it back.
     */
    public void stopFast() {
        signalPostmaster("INT");
    }

    /**
     * Stops the server as a crash would (immediate shutdown: every process quits at once, no
     * transaction gets to finish, the next start recovers from the WAL); returns once it has
     * exited. For fault tests: {@link #startAgain} brings it back.
     */
    public void crash() {
        signalPostmaster("QUIT");
    }

    private void signalPostmaster(String signal) {
        ProcessHandle postmaster = postmaster().orElseThrow(() -> new IllegalStateException("the server is not running"));
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(postmaster.pid())).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("cannot signal the postmaster " + postmaster.pid());
            }
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the postmaster did not stop within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the server again after {@link #stopFast} or {@link #crash}: the command it was started with (its
     * {@code postmaster.opts}: same port, same data directory), in a user namespace when run as
     * root, as the embedded binaries are; returns once it accepts connections.
     */
    public void startAgain() {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        try {
            String recorded = Files.readString(dataDirectory.resolve("postmaster.opts"), StandardCharsets.UTF_8).strip();
            command.add(recorded.substring(0, recorded.indexOf(' ')));
            Matcher argument = Pattern.compile("\"([^\"]*)\"").matcher(recorded);
            while (argument.find()) {
                command.add(argument.group(1));
            }
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("restarted.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL again with " + command, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection connection = superuserConnection("postgres")) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded PostgreSQL did not come back within 60 s", notYet);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
