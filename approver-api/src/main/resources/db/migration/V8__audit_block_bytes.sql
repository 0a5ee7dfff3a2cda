-- Blocks are written as UTF-8 bytes (lines) from now on: the store copies bytes, where text costs it
-- a character-by-character encoding and a hash of the whole value, for every block the audit log
-- appends. Blocks written before keep their text (records); a block has exactly one of the two.
ALTER TABLE audit_block ADD COLUMN lines BYTEA;
ALTER TABLE audit_block ALTER COLUMN records DROP NOT NULL;
ALTER TABLE audit_block ADD CONSTRAINT audit_block_one_form CHECK ((records IS NULL) <> (lines IS NULL));
