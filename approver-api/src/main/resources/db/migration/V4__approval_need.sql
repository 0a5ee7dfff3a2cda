-- What the policy asked of each change's approvals when it was filed (the risk quorum is a floor).
ALTER TABLE change_request ADD COLUMN required_approvals INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE change_request ADD COLUMN approver_group VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE change_request ADD COLUMN approval_rule VARCHAR(200) DEFAULT '' NOT NULL;
