-- The audit log: one hash chain of records, appended by a single writer (dev.airlock.approver.audit).
-- Each record carries the previous record's hash; `hash` is SHA-256 over that and the record's fields.
-- Nothing updates or deletes rows here; the chain is what shows whether someone did.

CREATE TABLE audit_record (
    sequence      BIGINT PRIMARY KEY,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    kind          VARCHAR(32) NOT NULL,
    actor         TEXT NOT NULL,
    session_id    TEXT,
    subject       TEXT,
    payload       TEXT NOT NULL,
    previous_hash CHAR(64) NOT NULL,
    hash          CHAR(64) NOT NULL
);
-- The verifier looks records up by hash to tell a reordered record from an inserted one.
CREATE INDEX audit_record_hash ON audit_record (hash);
