package dev.lathe.workspace;

import dev.lathe.core.Ids;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sweeps, and the creation of their trials. */
public final class SweepRepository {
    private final Database db;
    private final RunRepository runs;

    SweepRepository(Database db, RunRepository runs) {
        this.db = db;
        this.runs = runs;
    }

    public Sweep create(String experimentId, String name, String specText, String source) {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Sql.update(c, """
                    INSERT INTO sweep (id, experiment_id, name, spec, status, created_at, source)
                    VALUES (?, ?, ?, ?, 'RUNNING', ?, ?)""", id, experimentId, name, specText, now, source);
            return fetch(c, id).orElseThrow();
        });
    }

    /** Claims the sweep for this process (status RUNNING, owner, heartbeat), as a coordinator starts. */
    public void claim(String sweepId) {
        long now = System.currentTimeMillis();
        db.write(c -> Sql.update(c, """
                UPDATE sweep SET status = 'RUNNING', started_at = COALESCE(started_at, ?), ended_at = NULL,
                       owner_host = ?, owner_pid = ?, owner_started = ?, heartbeat_at = ? WHERE id = ?""",
                now, RunRepository.HOST, RunRepository.PID, RunRepository.PROCESS_START, now, sweepId));
    }

    /** Marks the coordinator alive and adds the time since its last beat to the sweep's spent time. */
    public void heartbeat(String sweepId, long spentSinceLastBeatMs) {
        db.write(c -> Sql.update(c, "UPDATE sweep SET heartbeat_at = ?, spent_ms = spent_ms + ? WHERE id = ?",
                System.currentTimeMillis(), spentSinceLastBeatMs, sweepId));
    }

    /** Coordinator time spent on the sweep so far, over all sessions. */
    public long spentMillis(String sweepId) {
        return db.read(c -> Sql.query(c, "SELECT spent_ms FROM sweep WHERE id = ?", rs -> rs.getLong(1), sweepId))
                .stream().findFirst().orElse(0L);
    }

    public void setStatus(String sweepId, Sweep.Status status) {
        boolean ended = status == Sweep.Status.STOPPED || status == Sweep.Status.FINISHED || status == Sweep.Status.FAILED;
        // an ended sweep has no coordinator any more: clear the owner so the next one may take it
        db.write(c -> Sql.update(c, ended
                        ? "UPDATE sweep SET status = ?, ended_at = ?, owner_pid = NULL WHERE id = ?"
                        : "UPDATE sweep SET status = ?, ended_at = ? WHERE id = ?", status.name(),
                ended ? System.currentTimeMillis() : null, sweepId));
    }

    /** True when a live process coordinates this sweep (same rules as for runs: pid alive, or a fresh heartbeat). */
    public boolean hasLiveCoordinator(String sweepId) {
        List<Object[]> rows = db.read(c -> Sql.query(c,
                "SELECT owner_host, owner_pid, owner_started, heartbeat_at FROM sweep WHERE id = ? "
                        + "AND status IN ('RUNNING', 'STOPPING')",
                rs -> new Object[] {rs.getString(1), Sql.getLong(rs, "owner_pid"), Sql.getLong(rs, "owner_started"),
                        Sql.getLong(rs, "heartbeat_at")}, sweepId));
        if (rows.isEmpty() || rows.get(0)[1] == null) {
            return false;
        }
        Object[] r = rows.get(0);
        return RunRepository.ownerAlive((String) r[0], (Long) r[1], (Long) r[2], (Long) r[3]);
    }

    /**
     * Sweeps left RUNNING or STOPPING by a coordinator that died become STOPPED, so `sweep resume` can take them.
     *
     * @return how many were marked
     */
    public int markLostSweeps() {
        List<String> live = db.read(c -> Sql.query(c,
                "SELECT id FROM sweep WHERE status IN ('RUNNING', 'STOPPING')", rs -> rs.getString(1)));
        int marked = 0;
        for (String id : live) {
            if (!hasLiveCoordinator(id)) {
                marked += db.write(c -> Sql.update(c, "UPDATE sweep SET status = 'STOPPED', ended_at = "
                        + "COALESCE(heartbeat_at, ?) WHERE id = ? AND status IN ('RUNNING', 'STOPPING')",
                        System.currentTimeMillis(), id));
            }
        }
        return marked;
    }

    public Optional<Sweep> get(String id) {
        return db.read(c -> fetch(c, id));
    }

    /** By full id or a unique prefix of at least 4 characters. */
    public Optional<Sweep> find(String idOrPrefix) {
        String p = idOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Sweep> exact = get(p);
        if (exact.isPresent() || p.length() < 4 || !p.matches("[0-9a-f]+")) {
            return exact;
        }
        List<Sweep> matches = db.read(c -> Sql.query(c, "SELECT * FROM sweep WHERE id >= ? AND id < ? LIMIT 5",
                SweepRepository::map, p, p + "g"));
        if (matches.size() > 1) {
            throw new WorkspaceException("sweep id prefix '" + idOrPrefix + "' is ambiguous: it matches "
                    + matches.stream().map(Sweep::id).toList());
        }
        return matches.stream().findFirst();
    }

    /** Newest first. */
    public List<Sweep> list() {
        return db.read(c -> Sql.query(c, "SELECT * FROM sweep ORDER BY created_at DESC, rowid DESC", SweepRepository::map));
    }

    /**
     * Creates a QUEUED trial run with its params in one transaction, so a crash never leaves a trial without
     * the params it was sampled with.
     */
    public Run createTrial(String sweepId, String experimentId, int index, String trainer, long seed,
                           Map<String, String> params, String name) {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Sql.update(c, """
                    INSERT INTO run (id, experiment_id, name, status, sweep_id, trial_index, trainer, seed,
                                     owner_host, owner_pid, owner_started, heartbeat_at)
                    VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?)""", id, experimentId, name, sweepId, index,
                    trainer, seed, RunRepository.HOST, RunRepository.PID, RunRepository.PROCESS_START, now);
            long pk = runs.pk(c, id);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO param (run_pk, key, value) VALUES (?, ?, ?)")) {
                for (var e : params.entrySet()) {
                    ps.setLong(1, pk);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return RunRepository.fetch(c, id).orElseThrow();
        });
    }

    /** Counts of a sweep's runs by status. */
    public Map<RunStatus, Integer> statusCounts(String sweepId) {
        Map<RunStatus, Integer> out = new java.util.EnumMap<>(RunStatus.class);
        db.read(c -> Sql.query(c, "SELECT status, COUNT(*) FROM run WHERE sweep_id = ? GROUP BY status",
                rs -> out.put(RunStatus.valueOf(rs.getString(1)), rs.getInt(2)), sweepId));
        return out;
    }

    private static Optional<Sweep> fetch(java.sql.Connection c, String id) throws SQLException {
        return Sql.query(c, "SELECT * FROM sweep WHERE id = ?", SweepRepository::map, id).stream().findFirst();
    }

    static Sweep map(ResultSet rs) throws SQLException {
        Long started = Sql.getLong(rs, "started_at");
        Long ended = Sql.getLong(rs, "ended_at");
        return new Sweep(rs.getString("id"), rs.getString("experiment_id"), rs.getString("name"),
                Sweep.Status.valueOf(rs.getString("status")), rs.getString("spec"), rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("created_at")), started == null ? null : Instant.ofEpochMilli(started),
                ended == null ? null : Instant.ofEpochMilli(ended));
    }
}
