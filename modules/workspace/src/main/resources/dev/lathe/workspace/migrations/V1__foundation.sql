-- Lathe workspace schema, version 1: experiments, runs and what they record.
-- Times are milliseconds since the epoch (UTC). Runs carry a text id for users and an integer pk that
-- the large tables (metric points) reference to stay compact.

CREATE TABLE lathe_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE experiment (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at  INTEGER NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0
);

-- Filled by the sweeps feature; runs point at it already so trials need no later table rewrite.
CREATE TABLE sweep (
    id            TEXT PRIMARY KEY,
    experiment_id TEXT NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    name          TEXT,
    spec          TEXT,
    status        TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE run (
    pk             INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    experiment_id  TEXT NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    name           TEXT,
    status         TEXT NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'KILLED', 'PRUNED')),
    status_reason  TEXT,
    started_at     INTEGER,
    ended_at       INTEGER,
    parent_run_id  TEXT REFERENCES run (id) ON DELETE SET NULL,
    sweep_id       TEXT REFERENCES sweep (id) ON DELETE SET NULL,
    trial_index    INTEGER,
    trainer        TEXT,
    seed           INTEGER,
    -- who is running it: a RUNNING run whose owner process is gone was lost in a crash
    owner_host     TEXT,
    owner_pid      INTEGER,
    owner_started  INTEGER,
    heartbeat_at   INTEGER
);
CREATE INDEX run_by_experiment ON run (experiment_id, started_at);
CREATE INDEX run_by_status ON run (status);

CREATE TABLE param (
    run_pk INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE TABLE tag (
    run_pk INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE TABLE metric_key (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per logged point, clustered on (run, key, step). SQLite stores NaN as NULL: a NULL value
-- is a NaN that was logged. No foreign keys here: checking two parents per inserted point would halve the
-- ingest rate; the writer resolves run and key ids itself, and the trigger below deletes with the run.
CREATE TABLE metric (
    run_pk INTEGER NOT NULL,
    key_id INTEGER NOT NULL,
    step   INTEGER NOT NULL,
    ts     INTEGER NOT NULL,
    value  REAL,
    PRIMARY KEY (run_pk, key_id, step, ts)
) WITHOUT ROWID;

CREATE TRIGGER metric_deleted_with_run AFTER DELETE ON run
BEGIN
    DELETE FROM metric WHERE run_pk = old.pk;
END;

CREATE TABLE metric_summary (
    run_pk    INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    key_id    INTEGER NOT NULL REFERENCES metric_key (id),
    last      REAL,
    last_step INTEGER NOT NULL,
    last_ts   INTEGER NOT NULL,
    min       REAL,
    max       REAL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (run_pk, key_id)
) WITHOUT ROWID;

CREATE TABLE artifact (
    run_pk     INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_pk, path)
) WITHOUT ROWID;

CREATE TABLE dataset (
    sha256     TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    source     TEXT,
    rows       INTEGER NOT NULL,
    columns    INTEGER NOT NULL,
    profile    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE run_dataset (
    run_pk         INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    dataset_sha256 TEXT NOT NULL REFERENCES dataset (sha256),
    role           TEXT NOT NULL,
    PRIMARY KEY (run_pk, dataset_sha256, role)
) WITHOUT ROWID;

CREATE TABLE environment (
    run_pk INTEGER NOT NULL REFERENCES run (pk) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE TABLE git_state (
    run_pk         INTEGER PRIMARY KEY REFERENCES run (pk) ON DELETE CASCADE,
    commit_id      TEXT,
    branch         TEXT,
    remote_url     TEXT,
    dirty          INTEGER NOT NULL,
    patch_artifact TEXT,
    work_tree      TEXT
);
