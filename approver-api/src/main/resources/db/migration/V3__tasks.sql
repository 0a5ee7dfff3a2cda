-- Agents' tasks: each has its own credential, stored only as a SCRAM-SHA-256 verifier; a task
-- ends once (ended_at set), by its end, its TTL or its agent being disabled.
CREATE TABLE task (
    id          VARCHAR(64) PRIMARY KEY,
    agent       VARCHAR(200) NOT NULL,
    intent      TEXT NOT NULL,
    scope_json  TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    started_by  VARCHAR(200) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    end_reason  TEXT
);
CREATE INDEX task_open ON task (ended_at, expires_at);
CREATE INDEX task_agent ON task (agent);

-- Agents an admin disabled: none of their tasks may start or go on.
CREATE TABLE agent_status (
    agent       VARCHAR(200) PRIMARY KEY,
    disabled    BOOLEAN NOT NULL,
    changed_by  VARCHAR(200) NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      TEXT
);
