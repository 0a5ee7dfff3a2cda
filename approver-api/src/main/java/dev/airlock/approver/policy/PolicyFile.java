package dev.airlock.approver.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy file kept in force while it changes. The first load must succeed (Airlock does not
 * start without a policy); after that the file is re-read on a modest poll and a new version whose
 * SHA-256 differs is validated and swapped in atomically. A version that fails validation is
 * refused and logged with its line, and the version in force stays; so does it when the file is
 * missing for a moment.
 *
 * <p>Why poll rather than {@link java.nio.file.WatchService}: editors and config managers replace
 * the file by renaming (a watch on the old inode goes quiet), Kubernetes ConfigMaps swap a symlink,
 * and on macOS and several network or bind-mounted file systems the watch service is itself a
 * poll or misses events. Reading one small file every couple of seconds and comparing hashes
 * sees all of these the same way, for negligible cost. {@link #reload()} checks at once.
 */
public final class PolicyFile implements AutoCloseable {
    /** How often the file is checked unless told otherwise. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);

    private final Path path;
    private final PolicyReader reader;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private final AtomicReference<Optional<InvalidPolicyException>> lastRefusal = new AtomicReference<>(Optional.empty());
    private final ScheduledExecutorService poller;

    private PolicyFile(Path path, PolicyReader reader, Policy first, Duration poll) {
        this.path = path;
        this.reader = reader;
        this.current.set(first);
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "policy-file-poll");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, poll.toMillis());
        poller.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads {@code path} and starts watching it.
     *
     * @throws InvalidPolicyException when the file cannot be read or is not a valid policy
     */
    public static PolicyFile open(Path path, Duration poll) throws InvalidPolicyException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(poll, "poll");
        PolicyReader reader = new PolicyReader();
        Policy first = reader.read(path.toString(), readText(path));
        LOG.info("policy {} loaded, sha256 {}", path, first.sha256());
        return new PolicyFile(path, reader, first, poll);
    }

    public static PolicyFile open(Path path) throws InvalidPolicyException {
        return open(path, DEFAULT_POLL);
    }

    /** The version in force. */
    public Policy current() {
        return current.get();
    }

    /** SHA-256 (hex) of the text of the version in force. */
    public String sha256() {
        return current.get().sha256();
    }

    /** When the version in force was loaded. */
    public Instant loadedAt() {
        return current.get().loadedAt();
    }

    /** Why the most recent new version was refused, if it was; cleared when a version loads. */
    public Optional<InvalidPolicyException> lastRefusal() {
        return lastRefusal.get();
    }

    /** An engine that always decides by the version in force. */
    public PolicyEngine engine() {
        return new PolicyEngine(this::current);
    }

    /**
     * Checks the file now.
     *
     * @return {@code true} when a new version was loaded; {@code false} when the text is unchanged
     *     or the new version was refused (see {@link #lastRefusal()})
     */
    public synchronized boolean reload() {
        String text;
        try {
            text = readText(path);
        } catch (InvalidPolicyException e) {
            LOG.warn("policy {} kept in force: {}", path, e.getMessage());
            return false;
        }
        if (PolicyReader.sha256(text).equals(current.get().sha256())) {
            return false;
        }
        try {
            Policy next = reader.read(path.toString(), text);
            current.set(next);
            lastRefusal.set(Optional.empty());
            LOG.info("policy {} reloaded, sha256 {}", path, next.sha256());
            return true;
        } catch (InvalidPolicyException e) {
            boolean repeated = lastRefusal.get().map(previous -> previous.getMessage().equals(e.getMessage())).orElse(false);
            lastRefusal.set(Optional.of(e));
            if (!repeated) {
                LOG.error("policy change refused, sha256 {} stays in force: {}", current.get().sha256(), e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.error("policy {} check failed; the version in force stays", path, e);
        }
    }

    private static String readText(Path path) throws InvalidPolicyException {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidPolicyException(path.toString(), 1, "cannot read the policy file: " + e);
        }
    }
}
