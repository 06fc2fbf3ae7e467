-- Lathe workspace schema, version 2: what a sweep needs to be resumed after any crash.
-- The sweep keeps its file's text (spec) and where it came from (source) so `sweep resume` re-reads it;
-- the owner columns tell a live coordinator from one that died, as they do for runs.
ALTER TABLE sweep ADD COLUMN source TEXT;
ALTER TABLE sweep ADD COLUMN started_at INTEGER;
ALTER TABLE sweep ADD COLUMN ended_at INTEGER;
ALTER TABLE sweep ADD COLUMN owner_host TEXT;
ALTER TABLE sweep ADD COLUMN owner_pid INTEGER;
ALTER TABLE sweep ADD COLUMN owner_started INTEGER;
ALTER TABLE sweep ADD COLUMN heartbeat_at INTEGER;
-- coordinator time spent on the sweep over all its sessions, so max_minutes counts what already ran
ALTER TABLE sweep ADD COLUMN spent_ms INTEGER NOT NULL DEFAULT 0;

CREATE INDEX run_by_sweep ON run (sweep_id, trial_index);
