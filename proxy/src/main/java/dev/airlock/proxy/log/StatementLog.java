package dev.airlock.proxy.log;

import dev.airlock.approver.concurrent.WriterPacing;
import dev.airlock.approver.json.JsonLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every statement and the gate's decision, as JSON lines. Recording is cheap and never blocks: the
 * caller (an event loop) queues a small record; one writer thread drains the queue in batches
 * (paced by {@link WriterPacing}: never woken per record, asleep while nothing comes), formats and
 * writes them, and rotates the file by size. When the queue is full (the disk cannot keep up)
 * {@link #record} returns false and the caller refuses the statement: nothing is served unrecorded.
 */
public final class StatementLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatementLog.class);
    private static final int QUEUE_CAPACITY = 100_000;
    private static final int BATCH = 4096;
    /** How long entries gather between writes: fewer, larger writes and wake-ups; the file lags at most this. */
    private static final Duration GATHER = Duration.ofMillis(10);
    /** How long the writer goes on looking after the last entry before it sleeps until the next. */
    private static final Duration QUIET_BEFORE_SLEEP = Duration.ofSeconds(1);

    /** One statement and what the gate decided about it. */
    public record Entry(long epochMillis, int session, String user, String kind, String decision, String reason,
            String statement) {
    }

    private final Path file;
    private final long maxBytes;
    private final int keep;
    /** Lock-free, so the event loops that record never wait on the writer or on each other. */
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread writer;
    private final WriterPacing pacing = new WriterPacing(GATHER, QUIET_BEFORE_SLEEP);
    private final JsonLine line = new JsonLine(64 * 1024);
    private volatile boolean closing;
    private CountingStream out;
    private long currentSecond = -1;
    private String secondPrefix;

    private StatementLog(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.writer = new Thread(this::writeLoop, "airlock-statement-log");
        this.writer.setDaemon(true);
    }

    /** Opens (appending) {@code file}, rotated at {@code maxBytes} into {@code keep} numbered files. */
    public static StatementLog open(Path file, long maxBytes, int keep) {
        StatementLog statementLog = new StatementLog(file, maxBytes, keep);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            statementLog.openFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the statement log " + file, e);
        }
        statementLog.writer.start();
        return statementLog;
    }

    /** Queues an entry; false when the log cannot keep up, in which case the statement must be refused. */
    public boolean record(Entry entry) {
        if (closing || queued.incrementAndGet() > QUEUE_CAPACITY) {
            queued.decrementAndGet();
            return false;
        }
        queue.offer(entry);
        pacing.queued();
        return true;
    }

    private void openFile() throws IOException {
        out = new CountingStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                Files.size(file));
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH);
        int lastFound = 0;
        while (!closing || !queue.isEmpty()) {
            if (lastFound < BATCH) {
                try {
                    pacing.pause(lastFound > 0, () -> closing || !queue.isEmpty());
                } catch (InterruptedException e) {
                    log.error("the statement log's writer was interrupted; {} entries not written", queued.get());
                    return;
                }
            }
            for (Entry entry; batch.size() < BATCH && (entry = queue.poll()) != null; ) {
                batch.add(entry);
            }
            lastFound = batch.size();
            if (lastFound == 0) {
                continue;
            }
            queued.addAndGet(-batch.size());
            try {
                write(batch);
            } catch (IOException e) {
                log.error("cannot write the statement log {}; {} entries lost", file, batch.size(), e);
            }
            batch.clear();
        }
    }

    private void write(List<Entry> batch) throws IOException {
        line.clear();
        for (Entry entry : batch) {
            line.begin();
            line.field("time", time(entry.epochMillis()));
            line.field("session", entry.session());
            line.field("user", entry.user());
            line.field("kind", entry.kind());
            line.field("decision", entry.decision());
            line.field("reason", entry.reason());
            line.field("statement", entry.statement());
            line.end();
        }
        out.write(line.bytes(), 0, line.length());
        out.flush();
        if (out.count >= maxBytes) {
            rotate();
        }
    }

    /** ISO-8601 UTC with milliseconds; the part up to the second is formatted once per second. */
    private String time(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != currentSecond) {
            currentSecond = second;
            String iso = Instant.ofEpochSecond(second).toString();
            secondPrefix = iso.substring(0, iso.length() - 1) + ".";
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return secondPrefix + (millis < 10 ? "00" : millis < 100 ? "0" : "") + millis + "Z";
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path older = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(older)) {
                Files.move(older, file.resolveSibling(file.getFileName() + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        openFile();
    }

    /** Writes everything queued, then stops. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("cannot close the statement log {}", file, e);
        }
    }

    /** The file's stream, counting its size so rotation needs no stat call. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream target;
        private long count;

        CountingStream(OutputStream target, long initialSize) {
            this.target = target;
            this.count = initialSize;
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
            count += length;
        }
    }
}
