-- Lathe workspace schema, version 5: indexes the runs table reads through at 100,000 runs.
-- Counting the visible runs walks this index instead of the whole run table, and the archived runs (a few)
-- are found without a scan.
CREATE INDEX run_by_archived ON run (archived);

-- "name ~ text" and "trainer = x" test every run; through these they read a small index instead of whole rows.
CREATE INDEX run_by_name ON run (name);
CREATE INDEX run_by_trainer ON run (trainer);

-- Filters on a metric's lowest or highest value read this instead of the (key_id, last) index: each entry
-- also carries min and max (and run_pk, the table's key), so a filter on any of the three reads only the
-- metric's entries, with no table look-up. One index rather than one per summary keeps ingest as it was: a
-- summary upsert rewrites the entry of every index over a column it sets, and it sets all three.
DROP INDEX metric_summary_by_key_last;
CREATE INDEX metric_summary_by_key ON metric_summary (key_id, last, min, max);
