-- What reviewers read about why a change is held: the policy rules that held each statement, one
-- per line in statement order, and the intent its task declared when it was filed (both empty for
-- changes filed before this migration, or whose statements the gate did not describe).
ALTER TABLE change_request ADD COLUMN held_by TEXT DEFAULT '' NOT NULL;
ALTER TABLE change_request ADD COLUMN task_intent TEXT DEFAULT '' NOT NULL;
