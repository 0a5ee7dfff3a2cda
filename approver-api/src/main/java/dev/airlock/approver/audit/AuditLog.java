package dev.airlock.approver.audit;

import dev.airlock.approver.concurrent.WriterPacing;
import dev.airlock.approver.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's writer: callers {@link #offer} events onto a bounded queue (never blocking);
 * one thread drains it in batches, links each event into the chain and appends the batch in one
 * transaction.
 *
 * <pre>
 *   offer ─▶ [bounded queue] ─▶ writer: take a batch ─ link (sequence, previous hash, hash) ─ INSERT, COMMIT
 *                                          ▲                                               │ failed
 *                                          └──── back off, re-read the stored head, re-link ┘
 * </pre>
 *
 * <p><b>Nothing lost, no gap.</b> The head (last sequence and hash) advances only after a commit.
 * After any failure the writer re-reads the stored head before trying again: a batch whose commit
 * did reach the store although its acknowledgement did not is recognised there and not written
 * twice, and a record another instance appended on a shared store is chained after, not
 * overwritten (the primary key on the sequence makes the second writer fail and re-link). While
 * the store is down the batch waits in memory and the queue fills; once it is full {@code offer}
 * returns {@code false} and callers refuse rather than serve unrecorded. When the store is back,
 * the writer catches up.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(50);
    private static final Duration LAST_BACK_OFF = Duration.ofSeconds(2);
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(10);
    /** How long events gather before a batch (unless a full batch is waiting): fewer, larger transactions. */
    private static final Duration GATHER = Duration.ofMillis(20);
    /** How long the writer goes on looking after the last event before it sleeps until the next. */
    private static final Duration QUIET_BEFORE_SLEEP = Duration.ofSeconds(1);

    private final AuditTable table;
    private final BlockingQueue<AuditEvent> queue;
    private final int batchSize;
    private final Thread writer;
    /** Batches gather between looks; an offer wakes the writer only after a quiet stretch (see WriterPacing). */
    private final WriterPacing pacing = new WriterPacing(GATHER, QUIET_BEFORE_SLEEP);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closing;
    private volatile boolean failed;
    private volatile boolean storeDown;

    private AuditLog(AuditTable table, AuditLogSettings settings) {
        this.table = table;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.batchSize = settings.batchSize();
        this.writer = new Thread(this::write, "airlock-audit-writer");
        this.writer.setDaemon(true);
    }

    /** Starts the writer on {@code table}; the chain continues from the last stored record. */
    public static AuditLog start(AuditTable table, AuditLogSettings settings) {
        AuditLog log = new AuditLog(table, settings);
        log.writer.start();
        return log;
    }

    /**
     * Queues {@code event}; never blocks. {@code false}: not accepted, because the queue is full
     * (the store is down or slower than the callers), the writer failed, or the log is closing.
     */
    @Override
    public boolean offer(AuditEvent event) {
        if (closing || failed || !queue.offer(event)) {
            return false;
        }
        accepted.incrementAndGet();
        pacing.queued();
        return true;
    }

    /** Whether the last attempt to write failed (the store is down or refusing); the writer keeps trying. */
    public boolean storeDown() {
        return storeDown;
    }

    /** Records accepted but not yet stored: the audit log's lag behind the statements it records. */
    public long backlog() {
        return accepted.get() - written.get();
    }

    /** Records written since start. */
    public long written() {
        return written.get();
    }

    /** Waits until every event accepted before this call is stored; {@code false} if that took longer than {@code timeout}. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || failed) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    private void write() {
        AuditChain chain = new AuditChain();
        List<AuditEvent> batch = new ArrayList<>(batchSize);
        AuditRecord attempted = null;
        Head head = null;
        Duration backOff = FIRST_BACK_OFF;
        boolean lastFound = true;
        try {
            while (!(closing && batch.isEmpty() && queue.isEmpty())) {
                if (batch.isEmpty()) {
                    if (queue.size() < batchSize && !closing) {
                        pacing.pause(lastFound, () -> closing || !queue.isEmpty());
                    }
                    queue.drainTo(batch, batchSize);
                    lastFound = !batch.isEmpty();
                    if (batch.isEmpty()) {
                        continue;
                    }
                }
                try {
                    if (head == null) {
                        head = Head.of(table.last());
                    }
                    List<AuditRecord> records = new ArrayList<>(batch.size());
                    String previous = head.hash();
                    for (AuditEvent event : batch) {
                        AuditRecord record = chain.link(head.sequence() + records.size() + 1, previous, event);
                        records.add(record);
                        previous = record.hash();
                    }
                    attempted = records.get(records.size() - 1);
                    table.append(records);
                    head = new Head(records.get(records.size() - 1).sequence(), previous);
                    wrote(batch.size());
                    batch.clear();
                    if (storeDown) {
                        LOG.info("audit log: the store is back; writing again");
                        storeDown = false;
                    }
                    backOff = FIRST_BACK_OFF;
                } catch (StoreException e) {
                    if (!storeDown) {
                        LOG.warn("audit log: cannot write {} records, retrying until the store takes them: {}",
                                batch.size(), e.getMessage());
                        storeDown = true;
                    }
                    Thread.sleep(backOff.toMillis());
                    backOff = backOff.multipliedBy(2).compareTo(LAST_BACK_OFF) > 0 ? LAST_BACK_OFF : backOff.multipliedBy(2);
                    head = reread();
                    if (head != null && attempted != null && committedAnyway(attempted, head)) {
                        LOG.info("audit log: records up to {} were stored although the store did not say so",
                                attempted.sequence());
                        head = null;
                        wrote(batch.size());
                        batch.clear();
                    }
                    attempted = null;
                }
            }
        } catch (InterruptedException e) {
            LOG.error("audit log: stopped with {} records unwritten", batch.size() + queue.size());
            failed = true;
        } catch (RuntimeException | Error e) {
            LOG.error("audit log: the writer failed; no further events are accepted", e);
            failed = true;
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** After a failure: the stored head; null (read it again next time) while the store is down. */
    private Head reread() {
        try {
            return Head.of(table.last());
        } catch (StoreException e) {
            return null;
        }
    }

    /** Whether the batch ending in {@code attempted} is in the store although its commit seemed to fail. */
    private boolean committedAnyway(AuditRecord attempted, Head stored) {
        if (stored.sequence() < attempted.sequence()) {
            return false;
        }
        if (stored.sequence() == attempted.sequence()) {
            return stored.hash().equals(attempted.hash());
        }
        try {
            return table.hashAt(attempted.sequence()).filter(attempted.hash()::equals).isPresent();
        } catch (StoreException e) {
            return false;
        }
    }

    private void wrote(int count) {
        written.addAndGet(count);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Stops accepting events and waits (a while) until the writer has stored what it accepted. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(DRAIN_ON_CLOSE.toMillis());
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            table.close();
        }
    }

    /** The last stored record's sequence and hash (0 and genesis for an empty chain). */
    private record Head(long sequence, String hash) {
        static Head of(Optional<AuditRecord> last) {
            return last.map(record -> new Head(record.sequence(), record.hash()))
                    .orElse(new Head(0, AuditChain.GENESIS));
        }
    }
}
