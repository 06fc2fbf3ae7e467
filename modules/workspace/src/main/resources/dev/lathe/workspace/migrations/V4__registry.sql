-- Lathe workspace schema, version 4: the local model registry.
-- A registered model is a name; its versions (1, 2, ... per model) each point at the run whose model/ artifacts
-- are the model, and copy that run's lineage so a version still says what it was if the run is later deleted.
CREATE TABLE registered_model (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE model_version (
    model_id       TEXT NOT NULL REFERENCES registered_model (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL CHECK (version >= 1),
    -- no foreign key: the version keeps its lineage (and its run id, for the record) if the run goes
    run_id         TEXT NOT NULL,
    description    TEXT,
    created_at     INTEGER NOT NULL,
    dataset_sha256 TEXT,
    git_commit     TEXT,
    trainer        TEXT,
    params         TEXT NOT NULL DEFAULT '{}',
    metrics        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (model_id, version)
) WITHOUT ROWID;
CREATE INDEX model_version_by_run ON model_version (run_id);

-- An alias is a movable name for one version of a model (champion, production, ...).
CREATE TABLE alias (
    model_id TEXT NOT NULL,
    name     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    PRIMARY KEY (model_id, name),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version) ON DELETE CASCADE
) WITHOUT ROWID;

-- Every move of an alias, kept forever: from_version is NULL when the alias was created, to_version NULL when
-- it was deleted. MLflow keeps only an alias's current target; this answers "what was production last Tuesday".
CREATE TABLE alias_event (
    id           INTEGER PRIMARY KEY,
    model_id     TEXT NOT NULL REFERENCES registered_model (id) ON DELETE CASCADE,
    alias        TEXT NOT NULL,
    from_version INTEGER,
    to_version   INTEGER,
    at           INTEGER NOT NULL,
    user         TEXT,
    comment      TEXT
);
CREATE INDEX alias_event_by_model ON alias_event (model_id, at);
