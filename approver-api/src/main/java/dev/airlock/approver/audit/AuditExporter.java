package dev.airlock.approver.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Writes the stored chain as JSON lines, one record per line in sequence order, every field
 * including both hashes, so the chain can be re-verified away from the store: the form of
 * {@link AuditLines}, the payload as the exact string that was hashed.
 */
public final class AuditExporter {
    private final AuditTable table;

    public AuditExporter(AuditTable table) {
        this.table = table;
    }

    /** Writes every record to {@code out}; returns how many. */
    public long export(Writer out) {
        return export(out, written -> { });
    }

    /** Writes every record to {@code out}, telling {@code progress} how many so far; returns how many. */
    public long export(Writer out, LongConsumer progress) {
        long[] count = {0};
        table.forEach(record -> {
            try {
                out.write(AuditLines.line(record));
                out.write('\n');
                count[0]++;
                progress.accept(count[0]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write audit record " + record.sequence() + ": " + e.getMessage(), e);
            }
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit export: " + e.getMessage(), e);
        }
        return count[0];
    }

    /** Writes every record to {@code file} (UTF-8, replaced if it exists); returns how many. */
    public long export(Path file) {
        return export(file, written -> { });
    }

    /** Writes every record to {@code file}, telling {@code progress} how many so far; returns how many. */
    public long export(Path file, LongConsumer progress) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return export(out, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
