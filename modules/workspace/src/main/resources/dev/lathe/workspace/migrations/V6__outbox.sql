-- Lathe workspace schema, version 6: the publishing outbox.
-- Every publish of a model version to a remote target (OCI registry, MLflow, git) is a job here, so a publish
-- made while the target is unreachable waits and is retried with backoff, and a finished one says what it made.
CREATE TABLE publish_jobs (
    id              TEXT PRIMARY KEY,
    model           TEXT NOT NULL,
    version         INTEGER NOT NULL,
    target          TEXT NOT NULL,
    -- queued (waiting for its next attempt), running, done, failed (not retried: auth refused, bad target)
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT,
    result_digest   TEXT,
    result_url      TEXT,
    options         TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX publish_jobs_by_state ON publish_jobs (state, next_attempt_at);
CREATE INDEX publish_jobs_by_target ON publish_jobs (model, version, target);
