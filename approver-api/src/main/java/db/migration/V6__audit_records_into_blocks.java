package db.migration;

import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditLines;
import dev.airlock.approver.audit.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the audit records V2 stored one per row into V5's blocks, unchanged (same sequences,
 * times, fields and hashes, so the chain verifies as before), then drops the old table. Runs in
 * the migration's transaction: all moved or none.
 */
public class V6__audit_records_into_blocks extends BaseJavaMigration {
    private static final int BLOCK = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement select = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO audit_block (first_sequence, last_sequence, records) VALUES (?, ?, ?)")) {
            select.setFetchSize(BLOCK);
            List<AuditRecord> block = new ArrayList<>(BLOCK);
            try (ResultSet rows = select.executeQuery("SELECT sequence, recorded_at, kind, actor, session_id, subject,"
                    + " payload, previous_hash, hash FROM audit_record ORDER BY sequence")) {
                while (rows.next()) {
                    block.add(new AuditRecord(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                            AuditKind.valueOf(rows.getString(3)), rows.getString(4), rows.getString(5),
                            rows.getString(6), rows.getString(7), rows.getString(8).strip(), rows.getString(9).strip()));
                    if (block.size() == BLOCK) {
                        insert(insert, block);
                    }
                }
            }
            if (!block.isEmpty()) {
                insert(insert, block);
            }
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP TABLE audit_record");
        }
    }

    private static void insert(PreparedStatement insert, List<AuditRecord> block) throws SQLException {
        insert.setLong(1, block.get(0).sequence());
        insert.setLong(2, block.get(block.size() - 1).sequence());
        insert.setString(3, AuditLines.text(block));
        insert.executeUpdate();
        block.clear();
    }
}
