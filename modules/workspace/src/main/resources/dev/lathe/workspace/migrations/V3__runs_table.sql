-- Lathe workspace schema, version 3: what the runs table needs to filter, sort and page 100,000 runs fast,
-- and archiving (a run hidden from the table, kept on disk).
ALTER TABLE run ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;

-- Params and tags are text, but mostly numbers. num is the value stored with REAL affinity: a well-formed
-- number becomes a REAL, anything else stays TEXT (which SQLite orders after every number). Filters compare
-- numbers as numbers through it and sorts order by it. A plain column kept by triggers rather than a virtual
-- generated one: an index over a virtual column is not covering, and each entry then costs a table look-up.
ALTER TABLE param ADD COLUMN num REAL;
ALTER TABLE tag ADD COLUMN num REAL;
UPDATE param SET num = value;
UPDATE tag SET num = value;

CREATE TRIGGER param_num_on_insert AFTER INSERT ON param
BEGIN
    UPDATE param SET num = new.value WHERE run_pk = new.run_pk AND key = new.key;
END;
CREATE TRIGGER param_num_on_update AFTER UPDATE OF value ON param
BEGIN
    UPDATE param SET num = new.value WHERE run_pk = new.run_pk AND key = new.key;
END;
CREATE TRIGGER tag_num_on_insert AFTER INSERT ON tag
BEGIN
    UPDATE tag SET num = new.value WHERE run_pk = new.run_pk AND key = new.key;
END;
CREATE TRIGGER tag_num_on_update AFTER UPDATE OF value ON tag
BEGIN
    UPDATE tag SET num = new.value WHERE run_pk = new.run_pk AND key = new.key;
END;

CREATE INDEX param_by_key_num ON param (key, num);
CREATE INDEX param_by_key_value ON param (key, value);
CREATE INDEX tag_by_key_num ON tag (key, num);
CREATE INDEX tag_by_key_value ON tag (key, value);
CREATE INDEX metric_summary_by_key_last ON metric_summary (key_id, last);
CREATE INDEX run_by_started ON run (started_at);
