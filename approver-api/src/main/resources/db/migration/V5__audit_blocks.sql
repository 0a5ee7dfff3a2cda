-- The audit log in blocks: each row holds the records one writer batch appended, as JSON lines
-- (dev.airlock.approver.audit.AuditLines), first_sequence..last_sequence with no gap. A record
-- is still hashed and verified on its own; storing a batch as one row makes appending one record
-- cost a few microseconds instead of a row with its index entries and undo on the store, which
-- is what lets every statement be recorded at full speed. V6 moves V2's rows here.
CREATE TABLE audit_block (
    first_sequence BIGINT PRIMARY KEY,
    last_sequence  BIGINT NOT NULL,
    records        TEXT NOT NULL,
    CHECK (last_sequence >= first_sequence)
);
