package dev.airlock.approver.audit;

import dev.airlock.approver.audit.AuditVerdict.Damage;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Walks the stored chain in stored order and names the first record at which it breaks.
 *
 * <p>A record is good when its sequence is the next one, its previous hash is the hash of the
 * record before it, and its hash matches its fields. When one of those fails, the damage is told
 * apart by what still holds:
 * <ul>
 *   <li>a gap in the sequence: records were <b>deleted</b>;</li>
 *   <li>the fields do not match the hash at this sequence but do at a nearby one: a genuine
 *       record moved. If the record it chains from sits after it, records were <b>reordered</b>;
 *       if it moved later, the records between where it was written and where it is now were
 *       <b>inserted</b>; if it moved earlier, records before it were <b>deleted</b> and the rest
 *       renumbered;</li>
 *   <li>stored text that is not a record at all, or whose fields match no sequence: the record
 *       was <b>edited</b>, unless it chains from a hash
 *       no stored record has, which makes it a forged, <b>inserted</b> one;</li>
 *   <li>the record is self-consistent but chains from another hash: a later record means
 *       <b>reordered</b>, an earlier one means the records between were <b>inserted</b>, none at
 *       all means the record before it was <b>edited</b> and its hash rewritten.</li>
 * </ul>
 * A hash chain cannot show records cut off the end, nor a chain recomputed from the edit onwards
 * by someone who knows the algorithm; those need the head anchored outside the store.
 */
public final class AuditVerifier {
    /** How far from its position the verifier looks for where a moved record was written. */
    private static final int WINDOW = 64;

    private final AuditTable table;

    public AuditVerifier(AuditTable table) {
        this.table = table;
    }

    public AuditVerdict verify() {
        return verify(checked -> { });
    }

    /** Verifies, telling {@code progress} how many records were checked so far after each one. */
    public AuditVerdict verify(LongConsumer progress) {
        Walk walk = new Walk();
        try {
            table.forEach(record -> {
                walk.accept(record);
                progress.accept(walk.count);
            });
        } catch (Stop stop) {
            return stop.broken;
        } catch (AuditLines.UnreadableRecordException e) {
            return new AuditVerdict.Broken(walk.count + 1, Damage.EDITED, String.format(Locale.ROOT,
                    "the record stored after record %d cannot be read: %s", walk.count, e.getMessage()));
        }
        return new AuditVerdict.Intact(walk.count);
    }

    private final class Walk {
        private final AuditChain chain = new AuditChain();
        private long count;
        private String expectedPrevious = AuditChain.GENESIS;

        void accept(AuditRecord record) {
            long expected = count + 1;
            if (record.sequence() != expected) {
                throw broken(expected, Damage.DELETED, "record %d is missing: after %d comes %d", expected, count,
                        record.sequence());
            }
            boolean selfConsistent = chain.hashAt(record, record.sequence()).equals(record.hash());
            if (selfConsistent && record.previousHash().equals(expectedPrevious)) {
                count = expected;
                expectedPrevious = record.hash();
                return;
            }
            long at = record.sequence();
            OptionalLong predecessor = predecessorOf(record);
            if (selfConsistent) {
                if (predecessor.isPresent() && predecessor.getAsLong() > at) {
                    throw broken(at, Damage.REORDERED, "record %d chains from record %d, stored after it", at,
                            predecessor.getAsLong());
                }
                if (predecessor.isPresent() && predecessor.getAsLong() < at - 1) {
                    long first = predecessor.getAsLong() + 1;
                    throw broken(first, Damage.INSERTED, "record %d chains from record %d: records %d to %d are not"
                            + " part of the chain", at, predecessor.getAsLong(), first, at - 1);
                }
                if (at == 1) {
                    throw broken(at, Damage.EDITED, "record 1 does not chain from the genesis hash");
                }
                throw broken(at - 1, Damage.EDITED, "record %d's hash was rewritten: record %d chains from a hash"
                        + " no stored record has", at - 1, at);
            }
            OptionalLong written = writtenAt(record);
            if (written.isEmpty()) {
                boolean chainsFromNothing = predecessor.isEmpty() && !record.previousHash().equals(AuditChain.GENESIS);
                if (chainsFromNothing && !record.previousHash().equals(expectedPrevious)) {
                    throw broken(at, Damage.INSERTED, "record %d is forged: it chains from a hash no stored record"
                            + " has and its own hash does not match its fields", at);
                }
                throw broken(at, Damage.EDITED, "record %d's fields do not match its hash", at);
            }
            long original = written.getAsLong();
            if (predecessor.isPresent() && predecessor.getAsLong() > at) {
                throw broken(at, Damage.REORDERED, "record %d was written as record %d; the record it chains from is"
                        + " stored at %d", at, original, predecessor.getAsLong());
            }
            if (original < at) {
                long first = predecessor.isPresent() ? predecessor.getAsLong() + 1 : original;
                throw broken(first, Damage.INSERTED, "record %d was written as record %d: records %d to %d were"
                        + " inserted before it", at, original, first, at - 1);
            }
            throw broken(at, Damage.DELETED, "record %d was written as record %d: the records before it were deleted"
                    + " and the rest renumbered", at, original);
        }

        private OptionalLong predecessorOf(AuditRecord record) {
            return record.previousHash().equals(AuditChain.GENESIS) ? OptionalLong.of(0)
                    : table.sequenceOfHash(record.previousHash());
        }

        /** The sequence near its position at which the record's fields match its hash, if any. */
        private OptionalLong writtenAt(AuditRecord record) {
            for (int distance = 1; distance <= WINDOW; distance++) {
                for (long candidate : new long[] {record.sequence() + distance, record.sequence() - distance}) {
                    if (candidate >= 1 && chain.hashAt(record, candidate).equals(record.hash())) {
                        return OptionalLong.of(candidate);
                    }
                }
            }
            return OptionalLong.empty();
        }

        private Stop broken(long sequence, Damage damage, String format, Object... values) {
            return new Stop(new AuditVerdict.Broken(sequence, damage, String.format(Locale.ROOT, format, values)));
        }
    }

    /** Ends the walk at the first bad record. */
    private static final class Stop extends RuntimeException {
        private final AuditVerdict.Broken broken;

        Stop(AuditVerdict.Broken broken) {
            super(broken.reason(), null, false, false);
            this.broken = broken;
        }
    }
}
